// Writes one masked linear layer y = x · (W ⊙ M)ᵀ + b into an ONNX graph: float weights, or integer codes through DequantizeLinear.
// O = outputs (weight rows), I = inputs (weight columns)
import { layerName } from '../../lifespan/pruning.js';
import type { MaskedParameter, Quantization } from '../../mask/masked-parameter.js';
import type { OnnxElement, OnnxGraph } from './onnx-graph.js';

/** What the exporter wrote for one weight matrix, for the metadata and the report. */
export interface ExportedLayer {
  readonly name: string;
  /** Fraction of weights off the mask (exact count). */
  readonly sparsity: number;
  /** 32 for float32 initializers, else the quantization bit width. */
  readonly bits: number;
  /** The initializer's element type. */
  readonly element: OnnxElement;
}

/** Integer codes of W ⊙ M (masked entries take the zero point, so they dequantize to exactly 0), or null when they do not reproduce the values. */
export function maskedCodes(w: MaskedParameter, q: Quantization): Int32Array | null {
  const width = w.size / q.scales.length;
  const codes = new Int32Array(w.size);
  const words = w.mask.words;
  for (let i = 0; i < w.size; i++) {
    const g = Math.floor(i / width);
    const zeroPoint = q.zeroPoints[g];
    if (((words[i >>> 5] >>> (i & 31)) & 1) === 0) {
      codes[i] = zeroPoint;
      continue;
    }
    codes[i] = q.codes[i];
    // A connection regrown or retrained after quantization no longer sits on its code: the codes would lie
    if (Math.fround((codes[i] - zeroPoint) * q.scales[g]) !== w.values[i]) return null;
  }
  return codes;
}

/** The narrowest ONNX integer type that holds every code and zero point at `bits`. */
export function codeElement(bits: number, codes: Int32Array, zeroPoints: Int32Array): OnnxElement {
  let low = 0;
  let high = 0;
  for (const array of [codes, zeroPoints]) for (const c of array) { low = Math.min(low, c); high = Math.max(high, c); }
  if (bits <= 4 && low >= -8 && high <= 7) return 'int4';
  if (bits <= 4 && low >= 0 && high <= 15) return 'uint4';
  if (low >= -128 && high <= 127) return 'int8';
  return 'uint8';
}

/**
 * Adds Gemm(x, W, b, transB = 1) for `w` and `bias`. With `quantized` and codes that reproduce the values, W is
 * an integer initializer dequantized per tensor (scalar scale) or per output row (axis 0); otherwise float32 W ⊙ M.
 */
export function writeMaskedLinear(graph: OnnxGraph, x: string, w: MaskedParameter, bias: Float32Array | null, quantized: boolean): { output: string; layer: ExportedLayer } {
  const base = layerName(w.name);
  const sparsity = 1 - w.keptCount() / w.size;
  const q = quantized ? w.quantization : null;
  const codes = q ? maskedCodes(w, q) : null;
  let weight: string;
  let layer: ExportedLayer;
  if (q && codes) {
    const element = codeElement(q.bits, codes, q.zeroPoints);
    const perRow = q.scales.length > 1;
    const scaleDims = perRow ? [q.scales.length] : [];
    const quantizedWeight = graph.initializer(`${w.name}.codes`, element, [w.rows, w.cols], codes);
    const scale = graph.initializer(`${w.name}.scale`, 'float32', scaleDims, q.scales);
    const zeroPoint = graph.initializer(`${w.name}.zero_point`, element, scaleDims, q.zeroPoints);
    weight = graph.op('DequantizeLinear', [quantizedWeight, scale, zeroPoint], w.name, perRow ? { axis: 0 } : {});
    layer = { name: base, sparsity, bits: q.bits, element };
  } else {
    weight = graph.initializer(w.name, 'float32', [w.rows, w.cols], w.effective());
    layer = { name: base, sparsity, bits: 32, element: 'float32' };
  }
  const inputs = bias ? [x, weight, graph.initializer(`${base}.bias`, 'float32', [w.rows], bias)] : [x, weight];
  return { output: graph.op('Gemm', inputs, `${base}.out`, { transB: 1 }), layer };
}
