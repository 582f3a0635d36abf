// Exports a model at one point of its lifespan to ONNX: masks applied, quantized weights as integer initializers, the run's identity in metadata.
import { ONNX_UNSUPPORTED } from '../../errors.js';
import type { Model } from '../../plugin/contracts/model.js';
import type { TaskInput } from '../../plugin/contracts/task.js';
import { CORE_VERSION } from '../../version.js';
import { writeBertGraph } from './bert-graph.js';
import type { ExportedLayer } from './linear-export.js';
import { writeMlpGraph } from './mlp-graph.js';
import { OnnxGraph } from './onnx-graph.js';

export interface OnnxExportOptions {
  /** The task whose head gives the logits. */
  readonly task: string;
  /** The task's input: fixed-width features (float input) or token sequences (int64 ids). */
  readonly input: TaskInput;
  /** Write quantized layers as integer codes with DequantizeLinear (else their dequantized float values). */
  readonly quantized: boolean;
  /** Where the model comes from, recorded in metadata_props. */
  readonly specHash: string;
  readonly phase: string;
}

export interface OnnxExport {
  readonly bytes: Uint8Array;
  /** Per weight matrix: sparsity and bit width, in graph order. */
  readonly layers: readonly ExportedLayer[];
  readonly metadata: Readonly<Record<string, string>>;
  /** The graph's one input: `input` (float32, B × width) or `input_ids` (int64, B × length). */
  readonly inputName: string;
  readonly inputElement: 'float32' | 'int64';
}

/** The metadata_props keys an export writes (docs/onnx.md describes each). */
export const METADATA_KEYS = ['ontogeny.spec_hash', 'ontogeny.phase', 'ontogeny.task', 'ontogeny.architecture', 'ontogeny.sparsity', 'ontogeny.bits'] as const;

/**
 * Writes `model`'s graph for `options.task` (the head must exist). The MLP and the BERT-like encoder are
 * recognised by `describe()`; another architecture is an ONNX_UNSUPPORTED input error.
 *
 * @example
 * const { bytes } = exportOnnx(model, { task: 'target', input: task.input, quantized: true, specHash: 'a1b2c3', phase: 'aging' });
 */
export function exportOnnx(model: Model, options: OnnxExportOptions): OnnxExport {
  if (!model.headNames().includes(options.task)) {
    throw ONNX_UNSUPPORTED(`phase "${options.phase}"`, `task "${options.task}"`, `the model has no head for it — heads: ${model.headNames().join(', ') || '(none)'}`);
  }
  const description = model.describe();
  const architecture = String(description.type ?? description.architecture ?? 'unknown');
  const graph = new OnnxGraph(`ontogeny-${architecture}`);
  let written: { logits: string; classes: number; layers: ExportedLayer[]; rows?: string };
  let inputName: string;
  let inputElement: OnnxExport['inputElement'];
  if (architecture === 'mlp' && options.input.kind === 'features') {
    inputName = graph.input('input', 'float32', ['batch', options.input.width]);
    inputElement = 'float32';
    written = writeMlpGraph(graph, model, options.task, inputName, options.quantized);
  } else if (architecture === 'bert' && options.input.kind === 'tokens') {
    inputName = graph.input('input_ids', 'int64', ['batch', options.input.length]);
    inputElement = 'int64';
    written = writeBertGraph(graph, model, options.task, inputName, options.input.length, options.quantized);
  } else {
    throw ONNX_UNSUPPORTED(`phase "${options.phase}"`, `model ${architecture}`, 'only the mlp (on features) and bert (on tokens) models export to ONNX');
  }
  graph.output(written.logits, 'logits', 'float32', written.rows ? [written.rows, written.classes] : ['batch', written.classes]);
  const layers = written.layers;
  const metadata: Record<string, string> = {
    'ontogeny.spec_hash': options.specHash,
    'ontogeny.phase': options.phase,
    'ontogeny.task': options.task,
    'ontogeny.architecture': architecture,
    'ontogeny.sparsity': JSON.stringify(Object.fromEntries(layers.map((layer) => [layer.name, round(layer.sparsity)]))),
    'ontogeny.bits': JSON.stringify(Object.fromEntries(layers.map((layer) => [layer.name, layer.bits]))),
  };
  return { bytes: graph.toBytes(metadata, CORE_VERSION), layers, metadata, inputName, inputElement };
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
