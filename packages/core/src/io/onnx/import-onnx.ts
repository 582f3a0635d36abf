// Puts pre-trained weights from an ONNX file into a freshly built model: an MLP by its chain of layers, other models by initializer names.
import { ONNX_UNSUPPORTED } from '../../errors.js';
import type { MaskedParameter } from '../../mask/masked-parameter.js';
import type { Parameter } from '../../nn/parameter.js';
import type { Model } from '../../plugin/contracts/model.js';
import { allParameters } from '../../lifespan/state.js';
import { graphConstants, readOnnxFile, type Constant } from './read-onnx.js';
import { FOLDED, fold, linearLayers, type LinearLayer } from './linear-layers.js';
import { canonicalName, huggingFaceName } from './bert-names.js';

export interface ImportOptions {
  /** The task whose head receives a last linear layer without ReLU (the first phase's task). */
  readonly headTask: string | null;
  /** Creates the head of a task (as the runner would), before its weights are overwritten. */
  addHead(task: string): void;
}

/** What was imported, for the run's record. */
export interface ImportReport {
  readonly file: string;
  /** Ontogeny parameter names that received values. */
  readonly parameters: readonly string[];
}

/**
 * Reads `file` and writes its weights into `model` (masks stay all ones: pre-trained weights are dense).
 * Input errors name the file and the node or initializer at fault; the model is changed only when the whole
 * file maps onto it.
 */
export function importOnnx(model: Model, file: string, options: ImportOptions): ImportReport {
  const onnx = readOnnxFile(file);
  const architecture = String(model.describe().type ?? model.describe().architecture ?? '');
  const writes = architecture === 'mlp'
    ? mlpWrites(model, linearLayers(onnx, file), file, options)
    : namedWrites(model, foldedConstants(onnx, file), file, options);
  for (const { parameter, values } of writes) {
    parameter.values.set(values);
    parameter.touch();
  }
  return { file, parameters: writes.map((write) => write.parameter.name) };
}

interface Write {
  readonly parameter: Parameter;
  readonly values: Float32Array;
}

/** Layer k of the file → fc_k; one more layer, without ReLU, → the head of `headTask`. */
function mlpWrites(model: Model, layers: LinearLayer[], file: string, options: ImportOptions): Write[] {
  const body = model.maskedParameters();
  const hasHead = layers.length === body.length + 1;
  if (layers.length !== body.length && !hasHead) {
    throw ONNX_UNSUPPORTED(file, 'graph', `${layers.length} linear layers do not fit the model's ${body.length} (or ${body.length} and a head)`);
  }
  layers.forEach((layer, k) => {
    const isHead = hasHead && k === layers.length - 1;
    if (layer.relu === isHead) {
      throw ONNX_UNSUPPORTED(file, `node "${layer.node}"`, isHead ? 'the last layer (the head) must not be followed by Relu' : 'every body layer must be followed by Relu, as the mlp applies it');
    }
  });
  const writes: Write[] = [];
  const parameters = model.bodyParameters();
  body.forEach((weight, k) => writes.push(...linearWrites(weight, parameters, layers[k], file)));
  if (hasHead) {
    const head = layers.at(-1)!;
    const task = options.headTask;
    if (task === null) throw ONNX_UNSUPPORTED(file, `node "${head.node}"`, 'the file has a head, but the lifespan has no task to give it to');
    if (!model.headNames().includes(task)) options.addHead(task);
    const headParameters = model.headParameters(task);
    const weight = headParameters.find((p) => p.name.endsWith('.weight')) as MaskedParameter;
    writes.push(...linearWrites(weight, headParameters, head, file));
  }
  return writes;
}

function linearWrites(weight: MaskedParameter, parameters: readonly Parameter[], layer: LinearLayer, file: string): Write[] {
  if (layer.rows !== weight.rows || layer.cols !== weight.cols) {
    throw ONNX_UNSUPPORTED(file, `node "${layer.node}"`, `weight of ${layer.rows} outputs × ${layer.cols} inputs does not fit ${weight.name}, which is ${weight.rows} × ${weight.cols}`);
  }
  const bias = parameters.find((p) => p.name === `${weight.name.slice(0, -'.weight'.length)}.bias`);
  return [{ parameter: weight, values: layer.weight }, ...(bias ? [{ parameter: bias, values: layer.bias }] : [])];
}

/** The graph's constants, plus what DequantizeLinear / Transpose of constants compute (so quantized exports import by name). */
function foldedConstants(onnx: ReturnType<typeof readOnnxFile>, file: string): Map<string, Constant> {
  const constants = graphConstants(onnx, file);
  for (const node of onnx.graph!.node) {
    if (node.opType !== 'Constant' && FOLDED.has(node.opType) && node.input.every((name) => name === '' || constants.has(name))) {
      constants.set(node.output[0], fold(node, constants, file));
    }
  }
  return constants;
}

/**
 * Every initializer whose (canonical) name is a parameter of the model, shapes matching exactly. The body must
 * be complete, and so must a head the file names any parameter of: a missing one is an error naming the
 * initializer expected (in the file's own naming style), never a silently random weight.
 */
function namedWrites(model: Model, constants: Map<string, Constant>, file: string, options: ImportOptions): Write[] {
  const task = options.headTask ?? '';
  const headNamed = [...constants.keys()].some((name) => canonicalName(name, task).startsWith('head:'));
  if (headNamed && options.headTask !== null && !model.headNames().includes(task)) options.addHead(task);
  const byName = new Map(allParameters(model).map((p) => [p.name, p]));
  const writes: Write[] = [];
  const source = new Map<string, string>(); // parameter → the initializer that gave it
  for (const [name, constant] of constants) {
    const parameter = byName.get(canonicalName(name, task));
    if (!parameter) continue;
    if (constant.values.length !== parameter.size || (constant.dims.length > 0 && constant.dims.join() !== parameter.shape.join())) {
      throw ONNX_UNSUPPORTED(file, `initializer "${name}"`, `shape [${constant.dims.join(', ')}] does not fit ${parameter.name}, which is [${parameter.shape.join(', ')}]`);
    }
    const earlier = source.get(parameter.name);
    if (earlier !== undefined) throw ONNX_UNSUPPORTED(file, `initializer "${name}"`, `it names ${parameter.name}, as initializer "${earlier}" does already`);
    source.set(parameter.name, name);
    writes.push({ parameter, values: constant.values });
  }
  if (writes.length === 0) {
    throw ONNX_UNSUPPORTED(file, 'initializers', `none is named like a parameter of the model (e.g. ${[...byName.keys()].slice(0, 3).join(', ')}) — see docs/onnx.md for the names`);
  }
  const huggingFaceStyle = [...source.values()].some((name) => canonicalName(name, task) !== name);
  const named = model.headNames().filter((head) => model.headParameters(head).some((p) => source.has(p.name)));
  for (const parameter of [...model.bodyParameters(), ...named.flatMap((head) => model.headParameters(head))]) {
    if (source.has(parameter.name)) continue;
    const huggingFace = huggingFaceName(parameter.name, task);
    const [expected, alternative] = huggingFaceStyle && huggingFace ? [huggingFace, parameter.name] : [parameter.name, huggingFace];
    throw ONNX_UNSUPPORTED(file, `initializer "${expected}"`, `missing — the model's ${parameter.name} [${parameter.shape.join(', ')}] needs it${alternative ? ` (or "${alternative}")` : ''}; see docs/onnx.md for the names`);
  }
  return writes;
}
