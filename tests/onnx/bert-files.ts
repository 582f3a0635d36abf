// Writes ONNX files of BERT weights under Hugging Face initializer names (docs/onnx.md's mapping), with values the test knows.
import { huggingFaceName, OnnxGraph } from '@ontogeny/core/onnx';
import { Rng } from '@ontogeny/core';

/** A parameter's name, shape and the values the file gives it. */
export interface KnownParameter {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** Random values (normal, σ 0.3; layer-norm gains near 1) for parameters of the given names and shapes. */
export function knownParameters(shapes: ReadonlyArray<{ readonly name: string; readonly shape: readonly number[] }>, seed = 11): KnownParameter[] {
  return shapes.map(({ name, shape }) => {
    const rng = Rng.derive(seed, 'bert-file', name);
    const size = shape.reduce((a, b) => a * b, 1);
    const gain = /norm\d?\.weight$/.test(name);
    return { name, shape, values: Float32Array.from({ length: size }, () => (gain ? 1 : 0) + 0.3 * rng.normal()) };
  });
}

/**
 * The bytes of a file whose initializers carry `parameters` under their Hugging Face names (`bert.`-prefixed,
 * with LayerNorm `gamma`/`beta`, every other one, as older exports name them). For the error tests, `drop` leaves
 * one parameter out and `reshape` reverses one's shape. A parameter without a Hugging Face name keeps its Ontogeny name.
 */
export function bertOnnx(parameters: readonly KnownParameter[], task: string, spoil: { drop?: string; reshape?: string } = {}): Uint8Array {
  const graph = new OnnxGraph('test-bert');
  parameters.forEach((parameter, k) => {
    if (parameter.name === spoil.drop) return;
    let name = huggingFaceName(parameter.name, task) ?? parameter.name;
    if (k % 2 === 1 && !name.startsWith('classifier.')) name = `bert.${name}`.replace(/LayerNorm\.weight$/, 'LayerNorm.gamma').replace(/LayerNorm\.bias$/, 'LayerNorm.beta');
    const shape = parameter.name === spoil.reshape ? [...parameter.shape].reverse() : parameter.shape;
    graph.initializer(name, 'float32', shape, parameter.values);
  });
  // Weights alone make a valid file for import; a trivial graph keeps it a runnable model too
  const ids = graph.input('input_ids', 'int64', ['batch', 'sequence']);
  graph.output(graph.op('Identity', [ids], 'ids'), 'output', 'int64', ['batch', 'sequence']);
  return graph.toBytes({}, 'test');
}
