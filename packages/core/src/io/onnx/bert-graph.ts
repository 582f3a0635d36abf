// The ONNX graph of a `bert` model: embeddings with derived segments, encoder blocks with gated, padding-aware attention, and one task's head.
// B = batch, T = sequence length, D = width, F = feed-forward width, C = classes, V = vocabulary
import { TensorProto_DataType } from 'onnx-buf';
import { ONNX_UNSUPPORTED } from '../../errors.js';
import { allParameters } from '../../lifespan/state.js';
import { MaskedParameter } from '../../mask/masked-parameter.js';
import type { Parameter } from '../../nn/parameter.js';
import type { Model } from '../../plugin/contracts/model.js';
import { writeAttentionShape, writeSelfAttention, type AttentionShape } from './attention-graph.js';
import { writeMaskedLinear, type ExportedLayer } from './linear-export.js';
import { float, type OnnxGraph } from './onnx-graph.js';

/** core's LayerNorm default, which every layer norm of the `bert` model keeps. */
const LAYER_NORM_EPSILON = 1e-12;

/** What the exporter reads from a `bert` model beyond the Model contract; BertModel offers it as it is. */
interface EncoderView {
  readonly options: { readonly padToken: number; readonly sepToken: number };
  headGate(layer: number, head: number): number;
}

function isEncoderView(model: Model): model is Model & EncoderView {
  const candidate = model as Partial<EncoderView>;
  return typeof candidate.headGate === 'function' && typeof candidate.options?.padToken === 'number' && typeof candidate.options.sepToken === 'number';
}

/** The sizes `describe()` reports for a `bert` model. */
interface EncoderSizes {
  readonly width: number;
  readonly layers: number;
  readonly heads: number;
  readonly norm: 'pre' | 'post';
}

/**
 * Writes input_ids (B,T) → logits of `task`'s head: (B,C) for a classifier over the pooled [CLS] row, (B·T,V)
 * for the MLM head. Every masked matrix goes through `writeMaskedLinear` (masks applied; integer codes with
 * DequantizeLinear when `quantized`); embeddings, norms and biases are float32. Segment ids and the padding
 * mask are derived from the ids inside the graph, exactly as BertEmbeddings derives them.
 */
export function writeBertGraph(graph: OnnxGraph, model: Model, task: string, input: string, length: number, quantized: boolean): { logits: string; classes: number; layers: ExportedLayer[]; rows?: string } {
  if (!isEncoderView(model)) throw ONNX_UNSUPPORTED('model bert', `task "${task}"`, 'the model does not expose its special tokens and head gates (options.padToken, options.sepToken, headGate)');
  const sizes = model.describe() as unknown as EncoderSizes;
  const parameters = new Map(allParameters(model).map((p) => [p.name, p]));
  const find = (name: string): Parameter => {
    const found = parameters.get(name);
    if (!found) throw ONNX_UNSUPPORTED('model bert', `parameter "${name}"`, 'not found, so the model is not the `bert` the exporter knows');
    return found;
  };
  const linear = (name: string): MaskedParameter => {
    const found = find(`${name}.weight`);
    if (!(found instanceof MaskedParameter)) throw ONNX_UNSUPPORTED('model bert', `parameter "${found.name}"`, 'expected a masked weight matrix');
    return found;
  };
  const bias = (w: MaskedParameter): Float32Array | null => parameters.get(w.name.replace(/\.weight$/, '.bias'))?.values ?? null;
  const norm = (x: string, name: string): string => graph.op('LayerNormalization', [
    x, graph.initializer(`${name}.weight`, 'float32', [sizes.width], find(`${name}.weight`).values),
    graph.initializer(`${name}.bias`, 'float32', [sizes.width], find(`${name}.bias`).values),
  ], name, { axis: -1, epsilon: float(LAYER_NORM_EPSILON) });
  const layers: ExportedLayer[] = [];
  const dense = (x: string, w: MaskedParameter): string => {
    const written = writeMaskedLinear(graph, x, w, bias(w), quantized);
    layers.push(written.layer);
    return written.output;
  };
  const add = (a: string, b: string, name: string): string => graph.op('Add', [a, b], name);
  const gelu = (x: string, name: string): string => graph.op('Gelu', [x], name, { approximate: 'tanh' }); // core's GELU is the tanh form

  const table = (p: Parameter): string => graph.initializer(p.name, 'float32', p.shape, p.values);
  const tokens = find('embeddings.tokens.weight');
  const tokenTable = table(tokens); // also the MLM decoder's, which is tied to it
  const embedded = writeEmbeddingSum(graph, input, length, sizes.width, model.options.sepToken, tokenTable, table(find('embeddings.positions.weight')), table(find('embeddings.segments.weight')));
  let x = norm(embedded, 'embeddings.norm');
  const shape: AttentionShape = writeAttentionShape(graph, input, model.options.padToken, length, sizes.width, sizes.heads);
  for (let l = 0; l < sizes.layers; l++) {
    const at = `layer${l}`;
    const attention = (h: string): string => {
      const written = writeSelfAttention(graph, h, {
        query: linear(`${at}.attention.query`), key: linear(`${at}.attention.key`), value: linear(`${at}.attention.value`),
        output: linear(`${at}.attention.output`), bias, gates: Array.from({ length: sizes.heads }, (_, head) => model.headGate(l, head)),
      }, shape, quantized);
      layers.push(...written.layers);
      return written.output;
    };
    const feedForward = (h: string): string => dense(gelu(dense(h, linear(`${at}.ffn.in`)), `${at}.ffn.gelu`), linear(`${at}.ffn.out`));
    if (sizes.norm === 'post') {
      const h = norm(add(x, attention(x), `${at}.attention.residual`), `${at}.norm1`);
      x = norm(add(h, feedForward(h), `${at}.ffn.residual`), `${at}.norm2`);
    } else {
      const h = add(x, attention(norm(x, `${at}.norm1`)), `${at}.attention.residual`);
      x = add(h, feedForward(norm(h, `${at}.norm2`)), `${at}.ffn.residual`);
    }
  }
  if (sizes.norm === 'pre') x = norm(x, 'final-norm');

  const head = `head:${task}`;
  if (parameters.has(`${head}.transform.weight`)) {
    // MLM: LN(GELU(W·h + b)) scored against the token table it is tied to, one row of V logits per token
    const h = norm(gelu(dense(x, linear(`${head}.transform`)), `${head}.gelu`), `${head}.norm`);
    const logits = graph.op('Gemm', [h, tokenTable, graph.initializer(`${head}.decoder.bias`, 'float32', [tokens.shape[0]], find(`${head}.decoder.bias`).values)], `${head}.logits`, { transB: 1 });
    return { logits, classes: tokens.shape[0], layers, rows: 'batch_tokens' };
  }
  // Classifier: the [CLS] row (t = 0) of each sequence through the pooler (tanh) and the task's linear layer
  const sequences = graph.op('Reshape', [x, graph.initializer('sequences_shape', 'int64', [3], [-1n, BigInt(length), BigInt(sizes.width)])], 'sequences');
  const cls = graph.op('Gather', [sequences, graph.initializer('cls_position', 'int64', [], [0n])], 'cls', { axis: 1 }); // (B,D)
  const pooled = graph.op('Tanh', [dense(cls, linear('pooler.dense'))], 'pooled');
  const classifier = linear(`${head}.classifier`);
  return { logits: dense(pooled, classifier), classes: classifier.rows, layers };
}

/**
 * token + position + segment embeddings (tables given as initializers) of (B,T) ids → (B·T,D). Segment ids are 0 up to and including the first
 * [SEP] and 1 after it: min(1, number of [SEP] strictly before t), an exclusive CumSum.
 */
function writeEmbeddingSum(graph: OnnxGraph, ids: string, length: number, width: number, sep: number, tokens: string, positions: string, segments: string): string {
  const token = graph.op('Gather', [tokens, ids], 'embeddings.token'); // (B,T,D)
  const positionIds = graph.initializer('position_ids', 'int64', [length], Array.from({ length }, (_, t) => BigInt(t)));
  const position = graph.op('Gather', [positions, positionIds], 'embeddings.position'); // (T,D), broadcast over B
  const isSep = graph.op('Cast', [graph.op('Equal', [ids, graph.initializer('sep_token', 'int64', [], [BigInt(sep)])], 'is_sep')], 'is_sep.count', { to: TensorProto_DataType.INT64 });
  const sepsBefore = graph.op('CumSum', [isSep, graph.initializer('token_axis', 'int64', [], [1n])], 'seps_before', { exclusive: 1 });
  const segmentIds = graph.op('Min', [sepsBefore, graph.initializer('last_segment', 'int64', [], [1n])], 'segment_ids');
  const segment = graph.op('Gather', [segments, segmentIds], 'embeddings.segment');
  const sum = graph.op('Add', [graph.op('Add', [token, position], 'embeddings.token_position'), segment], 'embeddings.sum');
  return graph.op('Reshape', [sum, graph.initializer('embedding_rows_shape', 'int64', [2], [-1n, BigInt(width)])], 'embeddings.rows');
}
