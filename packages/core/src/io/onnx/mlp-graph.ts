// The ONNX graph of an `mlp` model: its masked linear layers with ReLU between them, then one task's head.
// B = batch, I = input width, C = classes
import type { MaskedParameter } from '../../mask/masked-parameter.js';
import type { Parameter } from '../../nn/parameter.js';
import type { Model } from '../../plugin/contracts/model.js';
import { writeMaskedLinear, type ExportedLayer } from './linear-export.js';
import type { OnnxGraph } from './onnx-graph.js';

/** Finds `<layer>.bias` beside `<layer>.weight` among `parameters` (null when the layer has none). */
export function biasOf(weight: Parameter, parameters: readonly Parameter[]): Float32Array | null {
  const name = `${weight.name.slice(0, -'.weight'.length)}.bias`;
  return parameters.find((parameter) => parameter.name === name)?.values ?? null;
}

/**
 * Writes input (B,I) → fc1 → ReLU → … → fcN → ReLU → head:<task> → logits (B,C). Relies on the mlp's contract:
 * `maskedParameters()` are the body's weights in forward order, each with a `.bias` beside it.
 */
export function writeMlpGraph(graph: OnnxGraph, model: Model, task: string, input: string, quantized: boolean): { logits: string; classes: number; layers: ExportedLayer[] } {
  const body = model.bodyParameters();
  const layers: ExportedLayer[] = [];
  let x = input;
  for (const weight of model.maskedParameters()) {
    const written = writeMaskedLinear(graph, x, weight, biasOf(weight, body), quantized);
    layers.push(written.layer);
    x = graph.op('Relu', [written.output], `${written.layer.name}.relu`);
  }
  const head = model.headParameters(task);
  const weight = head.find((parameter) => parameter.name.endsWith('.weight')) as MaskedParameter;
  const written = writeMaskedLinear(graph, x, weight, biasOf(weight, head), quantized);
  layers.push(written.layer);
  return { logits: written.output, classes: weight.rows, layers };
}
