// A one-node ONNX model Y = X·W (W a constant initializer, so ONNX Runtime may pre-pack it), encoded by hand.
// B = batch, I = inputs, O = outputs

/** Protobuf wire encoding: just the field kinds an ONNX ModelProto needs. */
class Proto {
  private readonly bytes: number[] = [];

  varint(field: number, value: number): this {
    this.key(field, 0);
    this.raw(value);
    return this;
  }

  bytesField(field: number, data: Uint8Array | string): this {
    const body = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    this.key(field, 2);
    this.raw(body.length);
    for (const byte of body) this.bytes.push(byte);
    return this;
  }

  message(field: number, inner: Proto): this {
    return this.bytesField(field, inner.done());
  }

  done(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }

  private key(field: number, wire: number): void {
    this.raw(field * 8 + wire);
  }

  private raw(value: number): void {
    let v = value;
    while (v >= 0x80) {
      this.bytes.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.bytes.push(v);
  }
}

const FLOAT = 1;

function tensorType(dims: readonly number[]): Proto {
  const shape = new Proto();
  for (const d of dims) shape.message(1, new Proto().varint(1, d));
  return new Proto().message(1, new Proto().varint(1, FLOAT).message(2, shape));
}

/** The serialized model for Y(B×O) = X(B×I)·W(I×O), opset 13. `w` is row-major I×O. */
export function matmulModel(batch: number, inputs: number, outputs: number, w: Float32Array): Uint8Array {
  const weight = new Proto().varint(1, inputs).varint(1, outputs).varint(2, FLOAT).bytesField(8, 'W')
    .bytesField(9, new Uint8Array(w.buffer, w.byteOffset, w.byteLength));
  const graph = new Proto()
    .message(1, new Proto().bytesField(1, 'X').bytesField(1, 'W').bytesField(2, 'Y').bytesField(4, 'MatMul'))
    .bytesField(2, 'matmul')
    .message(5, weight)
    .message(11, new Proto().bytesField(1, 'X').message(2, tensorType([batch, inputs])))
    .message(12, new Proto().bytesField(1, 'Y').message(2, tensorType([batch, outputs])));
  return new Proto()
    .varint(1, 8)
    .bytesField(2, 'ontogeny-bench')
    .message(7, graph)
    .message(8, new Proto().bytesField(1, '').varint(2, 13))
    .done();
}
