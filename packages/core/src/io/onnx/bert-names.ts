// The documented mapping between Hugging Face BERT initializer names and the `bert` model's parameter names (docs/onnx.md), both ways.

/** A weight and its bias: `<prefix>.weight` ↔ `<prefix>.weight`, `.bias` ↔ `.bias`. */
function linear(huggingFace: string, ontogeny: string): Array<readonly [string, string]> {
  return [[`${huggingFace}.weight`, `${ontogeny}.weight`], [`${huggingFace}.bias`, `${ontogeny}.bias`]];
}

/** [Hugging Face name, `bert` parameter name]; `<l>` stands for a layer index. */
const PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['embeddings.word_embeddings.weight', 'embeddings.tokens.weight'],
  ['embeddings.position_embeddings.weight', 'embeddings.positions.weight'],
  ['embeddings.token_type_embeddings.weight', 'embeddings.segments.weight'],
  ...linear('embeddings.LayerNorm', 'embeddings.norm'),
  ...['query', 'key', 'value'].flatMap((p) => linear(`encoder.layer.<l>.attention.self.${p}`, `layer<l>.attention.${p}`)),
  ...linear('encoder.layer.<l>.attention.output.dense', 'layer<l>.attention.output'),
  ...linear('encoder.layer.<l>.attention.output.LayerNorm', 'layer<l>.norm1'),
  ...linear('encoder.layer.<l>.intermediate.dense', 'layer<l>.ffn.in'),
  ...linear('encoder.layer.<l>.output.dense', 'layer<l>.ffn.out'),
  ...linear('encoder.layer.<l>.output.LayerNorm', 'layer<l>.norm2'),
  ...linear('pooler.dense', 'pooler.dense'),
];

/** A template as a whole-name pattern whose group 1 is the layer index. */
function pattern(template: string): RegExp {
  return new RegExp(`^${template.replace(/\./g, '\\.').replace('<l>', '(\\d+)')}$`);
}

const FORWARD = PAIRS.map(([huggingFace, ontogeny]) => [pattern(huggingFace), ontogeny] as const);
const BACKWARD = PAIRS.map(([huggingFace, ontogeny]) => [pattern(ontogeny), huggingFace] as const);

function fill(template: string, match: RegExpExecArray): string {
  return template.replace('<l>', match[1] ?? '');
}

/**
 * The Ontogeny parameter a (Hugging Face style) initializer name stands for. The `bert.` prefix is optional,
 * LayerNorm's `gamma`/`beta` stand for `weight`/`bias`, and `classifier.weight|bias` goes to the head of `task`.
 * Names that match no rule are returned unchanged, so Ontogeny's own names import as they are.
 */
export function canonicalName(name: string, task: string): string {
  const plain = name.replace(/^bert\./, '').replace(/(LayerNorm)\.gamma$/, '$1.weight').replace(/(LayerNorm)\.beta$/, '$1.bias');
  const classifier = /^classifier\.(weight|bias)$/.exec(plain);
  if (classifier) return `head:${task}.classifier.${classifier[1]}`;
  for (const [from, to] of FORWARD) {
    const match = from.exec(plain);
    if (match) return fill(to, match);
  }
  return name;
}

/** The Hugging Face initializer name of a `bert` parameter (for messages), or null when it has none (e.g. the MLM head). */
export function huggingFaceName(parameter: string, task: string): string | null {
  if (parameter === `head:${task}.classifier.weight` || parameter === `head:${task}.classifier.bias`) return parameter.slice(`head:${task}.`.length);
  for (const [from, to] of BACKWARD) {
    const match = from.exec(parameter);
    if (match) return fill(to, match);
  }
  return null;
}
