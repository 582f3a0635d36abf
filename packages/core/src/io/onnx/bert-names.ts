// The documented mapping from Hugging Face BERT initializer names to the `bert` model's parameter names (docs/onnx.md).

/** Whole-name prefixes, tried in order; `{l}` stands for a layer index. */
const RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(?:bert\.)?embeddings\.word_embeddings\.weight$/, 'embeddings.tokens.weight'],
  [/^(?:bert\.)?embeddings\.position_embeddings\.weight$/, 'embeddings.positions.weight'],
  [/^(?:bert\.)?embeddings\.token_type_embeddings\.weight$/, 'embeddings.segments.weight'],
  [/^(?:bert\.)?embeddings\.LayerNorm\.(?:weight|gamma)$/, 'embeddings.norm.weight'],
  [/^(?:bert\.)?embeddings\.LayerNorm\.(?:bias|beta)$/, 'embeddings.norm.bias'],
  [/^(?:bert\.)?encoder\.layer\.(\d+)\.attention\.self\.(query|key|value)\.(weight|bias)$/, 'layer$1.attention.$2.$3'],
  [/^(?:bert\.)?encoder\.layer\.(\d+)\.attention\.output\.dense\.(weight|bias)$/, 'layer$1.attention.output.$2'],
  [/^(?:bert\.)?encoder\.layer\.(\d+)\.attention\.output\.LayerNorm\.(?:weight|gamma)$/, 'layer$1.norm1.weight'],
  [/^(?:bert\.)?encoder\.layer\.(\d+)\.attention\.output\.LayerNorm\.(?:bias|beta)$/, 'layer$1.norm1.bias'],
  [/^(?:bert\.)?encoder\.layer\.(\d+)\.intermediate\.dense\.(weight|bias)$/, 'layer$1.ffn.in.$2'],
  [/^(?:bert\.)?encoder\.layer\.(\d+)\.output\.dense\.(weight|bias)$/, 'layer$1.ffn.out.$2'],
  [/^(?:bert\.)?encoder\.layer\.(\d+)\.output\.LayerNorm\.(?:weight|gamma)$/, 'layer$1.norm2.weight'],
  [/^(?:bert\.)?encoder\.layer\.(\d+)\.output\.LayerNorm\.(?:bias|beta)$/, 'layer$1.norm2.bias'],
  [/^(?:bert\.)?pooler\.dense\.(weight|bias)$/, 'pooler.dense.$1'],
];

/**
 * The Ontogeny parameter a (Hugging Face style) initializer name stands for; `classifier.weight|bias` goes to
 * the head of `task`. Names that match no rule are returned unchanged, so Ontogeny's own names import as they are.
 */
export function canonicalName(name: string, task: string): string {
  const classifier = /^classifier\.(weight|bias)$/.exec(name);
  if (classifier) return `head:${task}.classifier.${classifier[1]}`;
  for (const [pattern, replacement] of RULES) if (pattern.test(name)) return name.replace(pattern, replacement);
  return name;
}
