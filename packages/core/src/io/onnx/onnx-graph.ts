// A small builder of ONNX graphs over the generated protobuf schema of onnx-buf: initializers, nodes, inputs, outputs, metadata.
import { create, toBinary } from '@bufbuild/protobuf';
import {
  AttributeProto_AttributeType, AttributeProtoSchema, GraphProtoSchema, ModelProtoSchema, NodeProtoSchema,
  OperatorSetIdProtoSchema, StringStringEntryProtoSchema, TensorProto_DataType, TensorProtoSchema,
  TensorShapeProto_DimensionSchema, TensorShapeProtoSchema, TypeProto_TensorSchema, TypeProtoSchema, ValueInfoProtoSchema,
  type AttributeProto, type NodeProto, type TensorProto, type ValueInfoProto,
} from 'onnx-buf';

/** The default-domain opset the exports target: 21 has DequantizeLinear on int4, LayerNormalization, per-axis scales. */
export const ONNX_OPSET = 21;
/** IR version 10 goes with opset 21. */
export const ONNX_IR_VERSION = 10n;

/** Element types the exporter writes. */
export type OnnxElement = 'float32' | 'int8' | 'uint8' | 'int4' | 'uint4' | 'int64';

const DATA_TYPES: Record<OnnxElement, TensorProto_DataType> = {
  float32: TensorProto_DataType.FLOAT,
  int8: TensorProto_DataType.INT8,
  uint8: TensorProto_DataType.UINT8,
  int4: TensorProto_DataType.INT4,
  uint4: TensorProto_DataType.UINT4,
  int64: TensorProto_DataType.INT64,
};

/** An attribute value: a number is an int unless `float()` marks it, arrays likewise; strings are strings. */
export type AttributeValue = number | string | readonly number[] | { readonly float: number };

/** Marks a float attribute (ONNX tells ints and floats apart; JavaScript does not). */
export function float(value: number): { readonly float: number } {
  return { float: value };
}

/** A dimension: a fixed size or a symbolic name (the batch). */
export type Dimension = number | string;

/**
 * Collects the pieces of one ONNX graph; `toBytes` serialises the model. Names are made unique with `fresh`,
 * so the graph-writing code reads as a sequence of operations.
 */
export class OnnxGraph {
  private readonly nodes: NodeProto[] = [];
  private readonly initializers: TensorProto[] = [];
  private readonly inputs: ValueInfoProto[] = [];
  private readonly outputs: ValueInfoProto[] = [];
  private readonly used = new Set<string>();

  constructor(readonly name: string) {}

  /** A name not used yet in this graph, built from `base`. */
  fresh(base: string): string {
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  /** Adds a constant tensor; int4/uint4 values are packed two to a byte, low nibble first, as ONNX stores them. */
  initializer(name: string, element: OnnxElement, dims: readonly number[], values: ArrayLike<number> | ArrayLike<bigint>): string {
    const unique = this.fresh(name);
    this.initializers.push(create(TensorProtoSchema, {
      name: unique,
      dataType: DATA_TYPES[element],
      dims: dims.map((d) => BigInt(d)),
      rawData: rawBytes(element, values),
    }));
    return unique;
  }

  /** Adds a node; returns its output names (fresh names built from `outputs`). */
  node(op: string, inputs: readonly string[], outputs: readonly string[], attributes: Record<string, AttributeValue> = {}): string[] {
    const names = outputs.map((output) => this.fresh(output));
    this.nodes.push(create(NodeProtoSchema, {
      name: this.fresh(`${op}_${names[0]}`),
      opType: op,
      input: [...inputs],
      output: names,
      attribute: Object.entries(attributes).map(([name, value]) => attribute(name, value)),
    }));
    return names;
  }

  /** One-output node, for chaining. */
  op(op: string, inputs: readonly string[], output: string, attributes: Record<string, AttributeValue> = {}): string {
    return this.node(op, inputs, [output], attributes)[0];
  }

  input(name: string, element: OnnxElement, dims: readonly Dimension[]): string {
    this.used.add(name);
    this.inputs.push(valueInfo(name, element, dims));
    return name;
  }

  /** Declares `value` as an output named `name` (through Identity when the names differ). */
  output(value: string, name: string, element: OnnxElement, dims: readonly Dimension[]): void {
    const named = value === name ? name : this.op('Identity', [value], name);
    this.outputs.push(valueInfo(named, element, dims));
  }

  /** The serialised ModelProto, with `metadata` as its metadata_props. */
  toBytes(metadata: Readonly<Record<string, string>>, producerVersion: string): Uint8Array {
    const model = create(ModelProtoSchema, {
      irVersion: ONNX_IR_VERSION,
      producerName: 'ontogeny',
      producerVersion,
      opsetImport: [create(OperatorSetIdProtoSchema, { domain: '', version: BigInt(ONNX_OPSET) })],
      graph: create(GraphProtoSchema, {
        name: this.name, node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs,
      }),
      metadataProps: Object.entries(metadata).map(([key, value]) => create(StringStringEntryProtoSchema, { key, value })),
    });
    return toBinary(ModelProtoSchema, model);
  }
}

function rawBytes(element: OnnxElement, values: ArrayLike<number> | ArrayLike<bigint>): Uint8Array<ArrayBuffer> {
  const n = values.length;
  switch (element) {
    case 'float32': return bytesOf(Float32Array.from(values as ArrayLike<number>));
    case 'int8': return bytesOf(Int8Array.from(values as ArrayLike<number>));
    case 'uint8': return bytesOf(Uint8Array.from(values as ArrayLike<number>));
    case 'int64': return bytesOf(BigInt64Array.from(values as ArrayLike<bigint>));
    case 'int4':
    case 'uint4': {
      const packed = new Uint8Array(Math.ceil(n / 2));
      for (let i = 0; i < n; i++) packed[i >> 1] |= ((values as ArrayLike<number>)[i] & 0x0f) << ((i & 1) * 4);
      return packed;
    }
  }
}

function bytesOf(array: Float32Array | Int8Array | Uint8Array | BigInt64Array): Uint8Array<ArrayBuffer> {
  // Typed arrays are little-endian on every platform Node supports, as ONNX raw_data requires
  return new Uint8Array(array.buffer as ArrayBuffer, array.byteOffset, array.byteLength);
}

function attribute(name: string, value: AttributeValue): AttributeProto {
  if (typeof value === 'string') return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.STRING, s: new TextEncoder().encode(value) });
  if (typeof value === 'number') return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.INT, i: BigInt(value) });
  if ('float' in value) return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.FLOAT, f: value.float });
  return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.INTS, ints: value.map((v) => BigInt(v)) });
}

function valueInfo(name: string, element: OnnxElement, dims: readonly Dimension[]): ValueInfoProto {
  const shape = create(TensorShapeProtoSchema, {
    dim: dims.map((d) => create(TensorShapeProto_DimensionSchema, {
      value: typeof d === 'number' ? { case: 'dimValue', value: BigInt(d) } : { case: 'dimParam', value: d },
    })),
  });
  return create(ValueInfoProtoSchema, {
    name,
    type: create(TypeProtoSchema, { value: { case: 'tensorType', value: create(TypeProto_TensorSchema, { elemType: DATA_TYPES[element], shape }) } }),
  });
}
