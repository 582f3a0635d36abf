// The ONNX graph of a `bert` model (placeholder until the encoder export lands).
import { ONNX_UNSUPPORTED } from '../../errors.js';
import type { Model } from '../../plugin/contracts/model.js';
import type { ExportedLayer } from './linear-export.js';
import type { OnnxGraph } from './onnx-graph.js';

export function writeBertGraph(_graph: OnnxGraph, _model: Model, task: string, _input: string, _length: number, _quantized: boolean): { logits: string; classes: number; layers: ExportedLayer[]; rows?: string } {
  throw ONNX_UNSUPPORTED('bert', task, 'not yet');
}
