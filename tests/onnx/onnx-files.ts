// Writes small ONNX MLP files whose weights the test knows, in the shapes PyTorch exports: Gemm (transB 0 or 1), or MatMul + Add, with Relu.
import { OnnxGraph, float } from '@ontogeny/core/onnx';
import { Rng } from '@ontogeny/core';

/** One layer of W (O × I) row-major and b (O), as the test's own ground truth. */
export interface KnownLayer {
  readonly rows: number;
  readonly cols: number;
  readonly weight: Float32Array;
  readonly bias: Float32Array;
}

/** Random layers for widths [I, H1, …, C]. */
export function knownLayers(widths: readonly number[], seed = 7): KnownLayer[] {
  const rng = Rng.derive(seed, 'onnx-file');
  return widths.slice(1).map((rows, k) => {
    const cols = widths[k];
    const bound = 1 / Math.sqrt(cols);
    return {
      rows, cols,
      weight: Float32Array.from({ length: rows * cols }, () => rng.between(-bound, bound)),
      bias: Float32Array.from({ length: rows }, () => rng.between(-bound, bound)),
    };
  });
}

export type LayerStyle = 'gemm-transB' | 'gemm' | 'matmul-add';

/**
 * The bytes of a model x → layers (Relu after every one but the last); `styles[k]` says how layer k is written,
 * `extra` inserts an operator after the first Relu (to test unsupported ones), and `body` puts a Relu after the
 * last layer too (a body without a head).
 */
export function mlpOnnx(layers: readonly KnownLayer[], styles: readonly LayerStyle[], options: { extra?: string; body?: boolean } = {}): Uint8Array {
  const { extra, body = false } = options;
  const graph = new OnnxGraph('test-mlp');
  let x = graph.input('x', 'float32', ['batch', layers[0].cols]);
  layers.forEach((layer, k) => {
    const style = styles[k % styles.length];
    const bias = graph.initializer(`layers.${k}.bias`, 'float32', [layer.rows], layer.bias);
    if (style === 'matmul-add') {
      const w = graph.initializer(`onnx::MatMul_${k}`, 'float32', [layer.cols, layer.rows], transpose(layer.weight, layer.rows, layer.cols));
      x = graph.op('Add', [graph.op('MatMul', [x, w], `mm${k}`), bias], `add${k}`);
    } else if (style === 'gemm') {
      const w = graph.initializer(`layers.${k}.weight`, 'float32', [layer.cols, layer.rows], transpose(layer.weight, layer.rows, layer.cols));
      x = graph.op('Gemm', [x, w, bias], `gemm${k}`, { alpha: float(1), beta: float(1), transB: 0 });
    } else {
      const w = graph.initializer(`layers.${k}.weight`, 'float32', [layer.rows, layer.cols], layer.weight);
      x = graph.op('Gemm', [x, w, bias], `gemm${k}`, { transB: 1 });
    }
    if (k < layers.length - 1 || body) x = graph.op('Relu', [x], `relu${k}`);
    if (k === 0 && extra) x = graph.op(extra, [x], 'odd');
  });
  graph.output(x, 'logits', 'float32', ['batch', layers.at(-1)!.rows]);
  return graph.toBytes({}, 'test');
}

/** The logits of `layers` on one input row, in float64. */
export function referenceLogits(layers: readonly KnownLayer[], x: ArrayLike<number>): number[] {
  let h = Array.from(x);
  layers.forEach((layer, k) => {
    const y = Array.from({ length: layer.rows }, (_, o) => {
      let sum = layer.bias[o];
      for (let i = 0; i < layer.cols; i++) sum += layer.weight[o * layer.cols + i] * h[i];
      return sum;
    });
    h = k < layers.length - 1 ? y.map((v) => Math.max(0, v)) : y;
  });
  return h;
}

/** A parsed model's metadata_props as an object, key → value. */
export function metadataOf(model: { readonly metadataProps: ReadonlyArray<{ readonly key: string; readonly value: string }> }): Record<string, string> {
  return Object.fromEntries(model.metadataProps.map((p) => [p.key, p.value]));
}

function transpose(values: Float32Array, r: number, c: number): Float32Array {
  const out = new Float32Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = values[i * c + j];
  return out;
}
