// Reads the linear layers of a feed-forward ONNX graph in order: Gemm, or MatMul + Add, each optionally followed by Relu.
// O = outputs, I = inputs
import type { ModelProto, NodeProto } from 'onnx-buf';
import { ONNX_UNSUPPORTED } from '../../errors.js';
import { floatAttribute, graphConstants, intAttribute, nodeLabel, type Constant } from './read-onnx.js';

/** One linear layer found in the graph: W as (O × I) row-major, as Ontogeny stores it. */
export interface LinearLayer {
  /** The node that holds the weight (Gemm or MatMul), for messages. */
  readonly node: string;
  readonly rows: number;
  readonly cols: number;
  readonly weight: Float32Array;
  readonly bias: Float32Array;
  /** Whether a Relu follows the layer. */
  relu: boolean;
}

/** Operators that only reshape a batch of feature rows (PyTorch's nn.Flatten) and are skipped. */
const PASS_THROUGH = new Set(['Flatten', 'Identity', 'Reshape', 'Dropout']);
/** Of those, the ones allowed only before the first layer (flattening an image into features). */
const RESHAPES = new Set(['Flatten', 'Reshape']);
/** Operators that compute constants (DequantizeLinear of integer weights, Transpose of a weight) and are folded. */
export const FOLDED = new Set(['Constant', 'DequantizeLinear', 'Transpose']);

/**
 * Follows the activation from the graph's one data input through the nodes (ONNX lists them in topological
 * order). Anything but a chain of linear layers and ReLUs is ONNX_UNSUPPORTED naming the node.
 */
export function linearLayers(model: ModelProto, file: string): LinearLayer[] {
  const graph = model.graph!;
  const constants = graphConstants(model, file);
  const dataInputs = graph.input.filter((input) => !constants.has(input.name));
  if (dataInputs.length !== 1) {
    throw ONNX_UNSUPPORTED(file, 'graph inputs', `expected one data input (a batch of features), found ${dataInputs.length}: ${dataInputs.map((i) => i.name).join(', ')}`);
  }
  let activation = dataInputs[0].name;
  const layers: LinearLayer[] = [];
  let pendingMatMul: { node: string; rows: number; cols: number; weight: Float32Array } | null = null;
  const flushMatMul = () => {
    if (pendingMatMul) layers.push({ ...pendingMatMul, bias: new Float32Array(pendingMatMul.rows), relu: false });
    pendingMatMul = null;
  };
  for (const node of graph.node) {
    if (FOLDED.has(node.opType) && node.input.every((name) => name === '' || constants.has(name))) {
      if (node.opType !== 'Constant') constants.set(node.output[0], fold(node, constants, file));
      continue;
    }
    const reads = node.input.includes(activation);
    if (!reads) throw ONNX_UNSUPPORTED(file, nodeLabel(node), 'it does not continue the single chain of layers from the input — only a feed-forward chain is supported');
    const label = nodeLabel(node);
    switch (node.opType) {
      case 'Gemm': {
        flushMatMul();
        if (intAttribute(node, 'transA', 0) !== 0) throw ONNX_UNSUPPORTED(file, label, 'transA = 1 is not supported (the batch must be the rows of A)');
        const b = constantInput(node, 1, constants, file);
        const transB = intAttribute(node, 'transB', 0) === 1;
        const alpha = floatAttribute(node, 'alpha', 1);
        const beta = floatAttribute(node, 'beta', 1);
        const [rows, cols] = transB ? b.dims : [b.dims[1], b.dims[0]];
        const weight = transB ? b.values.slice() : transpose(b.values, b.dims[0], b.dims[1]);
        for (let i = 0; i < weight.length; i++) weight[i] *= alpha;
        const bias = node.input[2] ? vector(constantInput(node, 2, constants, file), rows, file, label) : new Float32Array(rows);
        for (let i = 0; i < bias.length; i++) bias[i] *= beta;
        layers.push({ node: node.name || node.output[0], rows, cols, weight, bias, relu: false });
        break;
      }
      case 'MatMul': {
        flushMatMul();
        if (node.input[0] !== activation) throw ONNX_UNSUPPORTED(file, label, 'the weight must be the second input (x · W)');
        const w = constantInput(node, 1, constants, file);
        if (w.dims.length !== 2) throw ONNX_UNSUPPORTED(file, label, `the weight has shape [${w.dims.join(', ')}], expected a matrix [inputs, outputs]`);
        pendingMatMul = { node: node.name || node.output[0], rows: w.dims[1], cols: w.dims[0], weight: transpose(w.values, w.dims[0], w.dims[1]) };
        break;
      }
      case 'Add': {
        const matmul = pendingMatMul as { node: string; rows: number; cols: number; weight: Float32Array } | null;
        if (!matmul) throw ONNX_UNSUPPORTED(file, label, 'an Add that does not follow a MatMul (only the bias of x · W + b is supported)');
        const other = node.input.find((name) => name !== activation) ?? '';
        const constant = constants.get(other);
        if (!constant) throw ONNX_UNSUPPORTED(file, label, 'the bias must be a constant');
        layers.push({ ...matmul, bias: vector(constant, matmul.rows, file, label), relu: false });
        pendingMatMul = null;
        break;
      }
      case 'Relu': {
        flushMatMul();
        const last = layers.at(-1);
        if (!last || last.relu) throw ONNX_UNSUPPORTED(file, label, 'a Relu must follow a linear layer');
        last.relu = true;
        break;
      }
      default:
        if (!PASS_THROUGH.has(node.opType)) {
          throw ONNX_UNSUPPORTED(file, label, `operator ${node.opType} is not supported — an MLP is imported from Gemm, or MatMul + Add, with Relu (and Flatten)`);
        }
        if (RESHAPES.has(node.opType) && (layers.length > 0 || pendingMatMul)) throw ONNX_UNSUPPORTED(file, label, `${node.opType} between layers is not supported`);
    }
    activation = node.output[0];
  }
  flushMatMul();
  if (layers.length === 0) throw ONNX_UNSUPPORTED(file, 'graph', 'no linear layer (Gemm or MatMul) was found');
  return layers;
}

function constantInput(node: NodeProto, index: number, constants: Map<string, Constant>, file: string): Constant {
  const constant = constants.get(node.input[index] ?? '');
  if (!constant) throw ONNX_UNSUPPORTED(file, nodeLabel(node), `input ${index} ("${node.input[index] ?? ''}") must be a constant weight (an initializer)`);
  if (index === 1 && constant.dims.length !== 2) throw ONNX_UNSUPPORTED(file, nodeLabel(node), `the weight has shape [${constant.dims.join(', ')}], expected a matrix`);
  return constant;
}

function vector(constant: Constant, length: number, file: string, label: string): Float32Array {
  if (constant.values.length !== length) throw ONNX_UNSUPPORTED(file, label, `the bias has ${constant.values.length} values, the layer has ${length} outputs`);
  return constant.values.slice();
}

/** (r × c) → (c × r). */
function transpose(values: Float32Array, r: number, c: number): Float32Array {
  const out = new Float32Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = values[i * c + j];
  return out;
}

/** Evaluates DequantizeLinear or a 2-D Transpose over constants. */
export function fold(node: NodeProto, constants: Map<string, Constant>, file: string): Constant {
  const [x, scale, zeroPoint] = node.input.map((name) => constants.get(name));
  if (node.opType === 'Transpose') {
    if (x!.dims.length !== 2) throw ONNX_UNSUPPORTED(file, nodeLabel(node), 'only 2-D Transpose of a weight is supported');
    return { dims: [x!.dims[1], x!.dims[0]], values: transpose(x!.values, x!.dims[0], x!.dims[1]) };
  }
  const dims = x!.dims;
  const declared = intAttribute(node, 'axis', 1);
  const axis = declared < 0 ? declared + dims.length : declared;
  const groups = scale!.values.length;
  const stride = groups === 1 ? 1 : dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const values = new Float32Array(x!.values.length);
  for (let i = 0; i < values.length; i++) {
    const g = groups === 1 ? 0 : Math.floor(i / stride) % groups;
    values[i] = (x!.values[i] - (zeroPoint ? zeroPoint.values[g] : 0)) * scale!.values[g];
  }
  return { dims, values };
}
