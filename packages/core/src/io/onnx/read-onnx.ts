// Reads an ONNX file into its protobuf message and its constant tensors, reporting a file that is not ONNX or is truncated.
import { readFileSync } from 'node:fs';
import { fromBinary } from '@bufbuild/protobuf';
import {
  ModelProtoSchema, TensorProto_DataLocation, TensorProto_DataType,
  type AttributeProto, type ModelProto, type NodeProto, type TensorProto,
} from 'onnx-buf';
import { DATA_MISSING, ONNX_INVALID, ONNX_UNSUPPORTED } from '../../errors.js';

/** A constant of the graph as float64-safe numbers: weights, biases, scales, zero points. */
export interface Constant {
  readonly dims: readonly number[];
  readonly values: Float32Array;
}

/** Parses `file`; anything that is not a complete ONNX model with a graph is ONNX_INVALID naming the file. */
export function readOnnxFile(file: string): ModelProto {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch {
    throw DATA_MISSING(file, 'the ONNX file named by the spec is not there (paths are relative to the spec file)');
  }
  return parseOnnx(bytes, file);
}

/** Parses ONNX bytes; `file` names them in messages. */
export function parseOnnx(bytes: Uint8Array, file: string): ModelProto {
  let model: ModelProto;
  try {
    model = fromBinary(ModelProtoSchema, bytes);
  } catch (error) {
    throw ONNX_INVALID(file, `the protobuf does not decode (${(error as Error).message}); the file is not ONNX or is truncated`);
  }
  // Arbitrary bytes sometimes decode as a message of unknown fields: a model must at least say its IR version and carry a graph
  if (model.irVersion <= 0n || !model.graph || model.opsetImport.length === 0) {
    throw ONNX_INVALID(file, 'no IR version, opset or graph — the file is not an ONNX model');
  }
  for (const tensor of model.graph.initializer) {
    if (tensor.dataLocation === TensorProto_DataLocation.EXTERNAL) {
      throw ONNX_UNSUPPORTED(file, `initializer "${tensor.name}"`, 'its data is stored in an external file; save the model with its weights inside');
    }
    const expected = expectedBytes(tensor);
    if (tensor.rawData.length > 0 && expected !== null && tensor.rawData.length !== expected) {
      throw ONNX_INVALID(file, `initializer "${tensor.name}" holds ${tensor.rawData.length} bytes, its shape needs ${expected} — the file is truncated or damaged`);
    }
  }
  return model;
}

/** The initializers and Constant nodes of `model`, by output name, as float32 values. */
export function graphConstants(model: ModelProto, file: string): Map<string, Constant> {
  const constants = new Map<string, Constant>();
  for (const tensor of model.graph!.initializer) constants.set(tensor.name, decodeTensor(tensor, file, `initializer "${tensor.name}"`));
  for (const node of model.graph!.node) {
    if (node.opType !== 'Constant') continue;
    const value = node.attribute.find((a) => a.name === 'value')?.t;
    if (!value) throw ONNX_UNSUPPORTED(file, nodeLabel(node), 'a Constant without a tensor `value` is not supported');
    constants.set(node.output[0], decodeTensor(value, file, nodeLabel(node)));
  }
  return constants;
}

/** `node "name" (Op)` for messages; unnamed nodes are named by their first output. */
export function nodeLabel(node: NodeProto): string {
  return `node "${node.name || node.output[0] || '(unnamed)'}" (${node.opType})`;
}

/** An int attribute, or `fallback`. */
export function intAttribute(node: NodeProto, name: string, fallback: number): number {
  const found: AttributeProto | undefined = node.attribute.find((a) => a.name === name);
  return found ? Number(found.i) : fallback;
}

/** A float attribute, or `fallback`. */
export function floatAttribute(node: NodeProto, name: string, fallback: number): number {
  const found = node.attribute.find((a) => a.name === name);
  return found ? found.f : fallback;
}

const BYTES_PER_ELEMENT: Partial<Record<TensorProto_DataType, number>> = {
  [TensorProto_DataType.FLOAT]: 4, [TensorProto_DataType.DOUBLE]: 8, [TensorProto_DataType.INT8]: 1, [TensorProto_DataType.UINT8]: 1,
  [TensorProto_DataType.INT32]: 4, [TensorProto_DataType.INT64]: 8,
};

function elementCount(tensor: TensorProto): number {
  return tensor.dims.reduce((product, d) => product * Number(d), 1);
}

function expectedBytes(tensor: TensorProto): number | null {
  const n = elementCount(tensor);
  if (tensor.dataType === TensorProto_DataType.INT4 || tensor.dataType === TensorProto_DataType.UINT4) return Math.ceil(n / 2);
  const size = BYTES_PER_ELEMENT[tensor.dataType as TensorProto_DataType];
  return size === undefined ? null : n * size;
}

function decodeTensor(tensor: TensorProto, file: string, where: string): Constant {
  const dims = tensor.dims.map(Number);
  const n = elementCount(tensor);
  const raw = tensor.rawData;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const values = new Float32Array(n);
  const type = tensor.dataType as TensorProto_DataType;
  const fromRaw = raw.length > 0;
  for (let i = 0; i < n; i++) {
    switch (type) {
      case TensorProto_DataType.FLOAT: values[i] = fromRaw ? view.getFloat32(i * 4, true) : tensor.floatData[i]; break;
      case TensorProto_DataType.DOUBLE: values[i] = fromRaw ? view.getFloat64(i * 8, true) : tensor.doubleData[i]; break;
      case TensorProto_DataType.INT8: values[i] = fromRaw ? view.getInt8(i) : tensor.int32Data[i]; break;
      case TensorProto_DataType.UINT8: values[i] = fromRaw ? view.getUint8(i) : tensor.int32Data[i]; break;
      case TensorProto_DataType.INT32: values[i] = fromRaw ? view.getInt32(i * 4, true) : tensor.int32Data[i]; break;
      case TensorProto_DataType.INT64: values[i] = Number(fromRaw ? view.getBigInt64(i * 8, true) : tensor.int64Data[i]); break;
      case TensorProto_DataType.INT4:
      case TensorProto_DataType.UINT4: {
        const nibble = ((fromRaw ? raw[i >> 1] : tensor.int32Data[i >> 1]) >> ((i & 1) * 4)) & 0x0f;
        values[i] = type === TensorProto_DataType.INT4 && nibble >= 8 ? nibble - 16 : nibble;
        break;
      }
      default:
        throw ONNX_UNSUPPORTED(file, where, `element type ${TensorProto_DataType[type] ?? type} is not supported (float, double, int4/8/32/64, uint4/8)`);
    }
  }
  if (!fromRaw && n > 0 && [tensor.floatData, tensor.doubleData, tensor.int32Data, tensor.int64Data].every((a) => a.length === 0)) {
    throw ONNX_INVALID(file, `${where} has a shape of ${n} elements but no data`);
  }
  return { dims, values };
}
