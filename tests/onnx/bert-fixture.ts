// A tiny `bert` model built through the plugin's builder, with a classifier and an MLM head, and a batch of padded sentence pairs, for the ONNX tests.
import { ReferenceKernel, Rng, Tensor } from '@ontogeny/core';
import { builtinRegistry, type BertModel, type BertOptions } from '@ontogeny/plugins';

const VOCABULARY = 24;
const LENGTH = 12;
export const CLASSES = 3;
/** The plugin's defaults for [PAD], [CLS] and [SEP] (the generated language uses the same ids). */
const PAD = 0;
const CLS = 1;
const SEP = 2;

export const input = { kind: 'tokens', length: LENGTH, vocabulary: VOCABULARY } as const;

/** Every option of the `bert` plugin, tiny: width 16, 2 layers of 4 heads. */
export function bertOptions(overrides: Partial<BertOptions> = {}): BertOptions {
  return { width: 16, layers: 2, heads: 4, ffnWidth: 24, norm: 'post', maxLength: 16, padToken: PAD, sepToken: SEP, embeddingStd: 0.5, ...overrides };
}

/** A `bert` built as a lifespan builds it, with a 'cls' classifier head and an 'mlm' head. */
export function bertFixture(overrides: Partial<BertOptions> = {}, seed = 1): BertModel {
  const scope = builtinRegistry().scope({ seed, kernel: new ReferenceKernel() });
  const builder = scope.create('model', { use: 'bert', with: { ...bertOptions(overrides) } });
  const model = builder.build({ input, rng: (...parts) => Rng.derive(seed, 'model', ...parts) }) as BertModel;
  model.addHead('cls', CLASSES, 'classify', Rng.derive(seed, 'head', 'cls'));
  model.addHead('mlm', VOCABULARY, 'mlm', Rng.derive(seed, 'head', 'mlm'));
  return model;
}

/** (B × T) ids: [CLS] a [SEP] b [SEP] [PAD]…, of varied lengths, some single sentences, one with no padding at all. */
export function tokenBatch(rows = 16, seed = 3): Tensor {
  const rng = Rng.derive(seed, 'tokens');
  const word = () => 5 + Math.floor(rng.uniform() * (VOCABULARY - 5));
  const data = new Float32Array(rows * LENGTH).fill(PAD);
  for (let b = 0; b < rows; b++) {
    const a = Array.from({ length: 1 + Math.floor(rng.uniform() * 4) }, word);
    const second = b % 3 === 0 ? [] : [...Array.from({ length: 1 + Math.floor(rng.uniform() * 4) }, word), SEP];
    let ids = [CLS, ...a, SEP, ...second];
    if (b === rows - 1) ids = [CLS, ...Array.from({ length: LENGTH - 2 }, word), SEP];
    ids.slice(0, LENGTH).forEach((id, t) => { data[b * LENGTH + t] = id; });
  }
  return new Tensor(data, rows, LENGTH);
}
