// The ONNX subgraph of one multi-head self-attention layer as MultiHeadAttention computes it: gated heads, padded keys given no attention.
// B = batch, T = sequence length, D = width, H = heads, E = head width (D/H)
import type { MaskedParameter } from '../../mask/masked-parameter.js';
import { writeMaskedLinear, type ExportedLayer } from './linear-export.js';
import type { OnnxGraph } from './onnx-graph.js';

/**
 * Added to the scores of keys at [PAD]. Any finite value this negative makes exp(score − max) exactly 0 in float32,
 * as Ontogeny's softmax gives padded keys, without the NaN that −∞ − (−∞) would bring.
 */
const PADDING_BIAS = -1e30;

/** The sizes shared by every attention layer, and the constants they share (written once per graph). */
export interface AttentionShape {
  readonly heads: number;
  /** (B,1,1,T) float: PADDING_BIAS where the key is [PAD], else 0. */
  readonly paddingBias: string;
  /** int64 [−1, T, H, E] and [−1, D]: to and from per-head blocks. */
  readonly headsShape: string;
  readonly rowsShape: string;
  /** float32 1/√E. */
  readonly scale: string;
}

/** One attention layer's parameters: the four masked projections (with biases) and the head gates ξ_h. */
export interface AttentionWeights {
  readonly query: MaskedParameter;
  readonly key: MaskedParameter;
  readonly value: MaskedParameter;
  readonly output: MaskedParameter;
  readonly bias: (weight: MaskedParameter) => Float32Array | null;
  readonly gates: readonly number[];
}

/** The constants of every attention layer; the padding bias derives from (B,T) int64 `ids` as the model's `keyValid` does. */
export function writeAttentionShape(graph: OnnxGraph, ids: string, pad: number, length: number, width: number, heads: number): AttentionShape {
  const E = width / heads;
  const isPad = graph.op('Equal', [ids, graph.initializer('pad_token', 'int64', [], [BigInt(pad)])], 'is_pad');
  const bias = graph.op('Where', [isPad, graph.initializer('padding_bias', 'float32', [], [PADDING_BIAS]), graph.initializer('no_bias', 'float32', [], [0])], 'padding_bias_bt');
  return {
    heads,
    paddingBias: graph.op('Unsqueeze', [bias, graph.initializer('padding_axes', 'int64', [2], [1n, 2n])], 'padding_bias'),
    headsShape: graph.initializer('heads_shape', 'int64', [4], [-1n, BigInt(length), BigInt(heads), BigInt(E)]),
    rowsShape: graph.initializer('rows_shape', 'int64', [2], [-1n, BigInt(width)]),
    scale: graph.initializer('attention_scale', 'float32', [], [1 / Math.sqrt(E)]),
  };
}

/**
 * x (B·T,D) → Σ_h ξ_h softmax(Q_h K_hᵀ/√E + padding) V_h · W_Oᵀ + b_O (B·T,D). As in MultiHeadAttention, 1/√E
 * scales Q before the product (so the rounding matches) and a gate multiplies its head's context vectors.
 */
export function writeSelfAttention(graph: OnnxGraph, x: string, weights: AttentionWeights, shape: AttentionShape, quantized: boolean): { output: string; layers: ExportedLayer[] } {
  const H = shape.heads;
  const at = weights.query.name.replace(/\.query\.weight$/, ''); // names the intermediate values after the layer
  const layers: ExportedLayer[] = [];
  const project = (w: MaskedParameter): string => {
    const written = writeMaskedLinear(graph, x, w, weights.bias(w), quantized);
    layers.push(written.layer);
    return written.output;
  };
  // (B·T,D) → (B,T,H,E) → `perm`
  const perHead = (rows: string, perm: readonly number[], name: string): string =>
    graph.op('Transpose', [graph.op('Reshape', [rows, shape.headsShape], `${name}.split`)], name, { perm });
  const scaled = graph.op('Mul', [project(weights.query), shape.scale], `${at}.query.scaled`);
  const q = perHead(scaled, [0, 2, 1, 3], `${at}.q`); // (B,H,T,E)
  const k = perHead(project(weights.key), [0, 2, 3, 1], `${at}.k_t`); // (B,H,E,T)
  const v = perHead(project(weights.value), [0, 2, 1, 3], `${at}.v`); // (B,H,T,E)
  const scores = graph.op('Add', [graph.op('MatMul', [q, k], `${at}.scores`), shape.paddingBias], `${at}.scores.masked`); // (B,H,T,T)
  const probabilities = graph.op('Softmax', [scores], `${at}.probabilities`, { axis: -1 });
  let context = graph.op('MatMul', [probabilities, v], `${at}.context`); // (B,H,T,E)
  if (weights.gates.some((gate) => gate !== 1)) {
    context = graph.op('Mul', [context, graph.initializer(`${at}.gates`, 'float32', [1, H, 1, 1], weights.gates)], `${at}.context.gated`);
  }
  const merged = graph.op('Reshape', [
    graph.op('Transpose', [context], `${at}.context.by_token`, { perm: [0, 2, 1, 3] }),
    shape.rowsShape,
  ], `${at}.context.merged`); // (B·T,D)
  const written = writeMaskedLinear(graph, merged, weights.output, weights.bias(weights.output), quantized);
  layers.push(written.layer);
  return { output: written.output, layers };
}
