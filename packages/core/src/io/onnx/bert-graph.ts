// The ONNX graph of a `bert` model: not written yet, so exporting one is refused with a clear message (TODO issue 6).
import { ONNX_UNSUPPORTED } from '../../errors.js';
import type { Model } from '../../plugin/contracts/model.js';
import type { ExportedLayer } from './linear-export.js';
import type { OnnxGraph } from './onnx-graph.js';

/** Refuses for now; the encoder's graph (Gather embeddings, attention with gates and padding, LayerNormalization, tanh GELU) is issue 6's remaining work. */
export function writeBertGraph(_graph: OnnxGraph, _model: Model, task: string, _input: string, _length: number, _quantized: boolean): { logits: string; classes: number; layers: ExportedLayer[]; rows?: string } {
  throw ONNX_UNSUPPORTED('model bert', `task "${task}"`, 'the BERT-like encoder does not export to ONNX yet (only the mlp does); its weights can be imported by name');
}
