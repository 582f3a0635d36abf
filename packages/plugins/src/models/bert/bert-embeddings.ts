// BERT's input layer: token + position + segment embeddings, then layer norm; also derives the padding and segment ids.
// B = batch, T = sequence length, D = width, V = vocabulary
import {
  Embedding, LayerNorm, Tensor, Workspace, type Kernel, type Layer, type Parameter, type PassMode,
} from '@ontogeny/core';

/** The token ids that mark padding (no attention, no segment) and the end of a segment. */
export interface SpecialTokens {
  readonly pad: number;
  readonly sep: number;
}

/**
 * Segment ids follow BERT's sentence pairs: 0 up to and including the first [SEP], 1 after it. Keys at [PAD]
 * are invalid (`keyValid`), so attention never reads padding.
 */
export class BertEmbeddings implements Layer {
  readonly tokens: Embedding;
  readonly positions: Embedding;
  readonly segments: Embedding;
  readonly norm: LayerNorm;
  /** 1 where the last forward's token is not [PAD], (B·T). */
  keyValid = new Uint8Array(0);
  private readonly positionIds = new Workspace();
  private readonly segmentIds = new Workspace();
  private readonly summed = new Workspace();
  constructor(readonly name: string, vocabulary: number, maxLength: number, width: number, private readonly special: SpecialTokens,
    private readonly kernel: Kernel) {
    this.tokens = new Embedding(`${name}.tokens`, vocabulary, width, kernel);
    this.positions = new Embedding(`${name}.positions`, maxLength, width, kernel);
    this.segments = new Embedding(`${name}.segments`, 2, width, kernel);
    this.norm = new LayerNorm(`${name}.norm`, width, kernel);
  }

  forward(ids: Tensor /* (B,T) */, mode: PassMode): Tensor /* (B·T,D) */ {
    const { rows: B, cols: T } = ids;
    if (T > this.positions.size) throw new RangeError(`${this.name}: sequences of ${T} exceed the maximum length ${this.positions.size}`);
    const positions = this.positionIds.tensor(B, T);
    const segments = this.segmentIds.tensor(B, T);
    if (this.keyValid.length !== B * T) this.keyValid = new Uint8Array(B * T);
    for (let b = 0; b < B; b++) {
      let segment = 0;
      for (let t = 0; t < T; t++) {
        const i = b * T + t;
        const id = ids.data[i];
        positions.data[i] = t;
        segments.data[i] = segment;
        this.keyValid[i] = id === this.special.pad ? 0 : 1;
        if (id === this.special.sep) segment = 1; // the [SEP] closing segment A still belongs to it
      }
    }
    const token = this.tokens.forward(ids, mode);
    const position = this.positions.forward(positions, mode);
    const segment = this.segments.forward(segments, mode);
    const x = this.summed.tensor(B * T, token.cols);
    this.kernel.add(token.data, position.data, x.data);
    this.kernel.add(x.data, segment.data, x.data);
    return this.norm.forward(x, mode);
  }

  backward(dy: Tensor /* (B·T,D) */, _needInputGrad: boolean): null {
    const dx = this.norm.backward(dy, true) as Tensor;
    this.tokens.backward(dx, false);
    this.positions.backward(dx, false);
    this.segments.backward(dx, false);
    return null;
  }

  parameters(): Parameter[] {
    return [...this.tokens.parameters(), ...this.positions.parameters(), ...this.segments.parameters(), ...this.norm.parameters()];
  }
}

/** A (B × T) view of token ids for tests and tools: ids as float32 values, row per sequence. */
export function tokenBatch(sequences: readonly (readonly number[])[], length: number, pad = 0): Tensor {
  const t = new Tensor(new Float32Array(sequences.length * length).fill(pad), sequences.length, length);
  sequences.forEach((sequence, b) => sequence.slice(0, length).forEach((id, i) => { t.data[b * length + i] = id; }));
  return t;
}
