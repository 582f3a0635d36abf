// Uniform quantization grids: symmetric (max-scaled), asymmetric (μ ± nσ, clipped) and 1-bit (sign · mean|w|), per tensor or per row.

export type QuantizeMode = 'symmetric' | 'asymmetric';

/** One group's grid: value = (code − zeroPoint) · scale, codes in [low, high]; `sign` grids code by sign alone. */
export interface Grid {
  readonly sign: boolean;
  readonly scale: number;
  readonly zeroPoint: number;
  readonly low: number;
  readonly high: number;
}

/**
 * Rounds a positive scale up to 15 significant bits. Then (code − zeroPoint)·scale, with |code − zeroPoint| ≤ 255,
 * is exact in float32, and recomputing the scale from quantized values gives it back bit for bit, which makes
 * symmetric quantization exactly idempotent. Rounding up keeps max|w| / scale ≤ the largest code.
 */
export function roundScale(scale: number): number {
  if (!(scale > 0) || !Number.isFinite(scale)) return 1;
  // Below 2^-100 a 15-bit scale would fall among float32's subnormals; such weights round to code 0 anyway.
  if (scale < 2 ** -100) return 2 ** -100;
  const unit = 2 ** (Math.floor(Math.log2(scale)) - 14);
  return Math.ceil(scale / unit) * unit;
}

/** Round half to even, as torch.round and numpy.round do. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * The grid for `values[from…to)` at `bits`:
 * - 1 bit: codes ±1 (0 stays 0) times the mean |w| of the nonzero entries (XNOR-Net's α, Rastegari et al. 2016),
 *   so zeros (pruned or regrown) neither change nor dilute the scale;
 * - symmetric: scale = max|w| / (2^(b−1) − 1), codes in ±(2^(b−1) − 1), zero point 0 (Q8BERT, Zafrir et al. 2019);
 * - asymmetric: the range [μ − nσ, μ + nσ] ∩ [min, max], widened to contain 0 so zeros stay exact,
 *   cut into 2^b − 1 steps with an integer zero point (Jacob et al. 2018); values outside are clipped.
 */
export function gridFor(values: Float32Array, from: number, to: number, bits: number, mode: QuantizeMode, sigmas: number): Grid {
  if (bits === 1) {
    let sum = 0;
    let nonzero = 0;
    for (let i = from; i < to; i++) if (values[i] !== 0) { sum += Math.abs(values[i]); nonzero++; }
    return { sign: true, scale: nonzero > 0 ? Math.fround(sum / nonzero) : 1, zeroPoint: 0, low: -1, high: 1 };
  }
  if (mode === 'symmetric') {
    let max = 0;
    for (let i = from; i < to; i++) max = Math.max(max, Math.abs(values[i]));
    const top = 2 ** (bits - 1) - 1;
    return { sign: false, scale: roundScale(max / top), zeroPoint: 0, low: -top, high: top };
  }
  let sum = 0;
  let squares = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = from; i < to; i++) {
    const v = values[i];
    sum += v; squares += v * v;
    min = Math.min(min, v); max = Math.max(max, v);
  }
  const n = to - from;
  const mean = sum / n;
  const std = Math.sqrt(Math.max(0, squares / n - mean * mean));
  const lo = Math.min(0, Math.max(min, mean - sigmas * std));
  const hi = Math.max(0, Math.min(max, mean + sigmas * std));
  const levels = 2 ** bits - 1;
  const scale = roundScale((hi - lo) / levels);
  const zeroPoint = Math.min(levels, Math.max(0, roundHalfEven(-lo / scale)));
  return { sign: false, scale, zeroPoint, low: 0, high: levels };
}

/** The code of `value` on `grid` (1-bit grids take the sign). */
export function codeOf(value: number, grid: Grid): number {
  if (grid.sign) return Math.sign(value);
  return Math.min(grid.high, Math.max(grid.low, roundHalfEven(value / grid.scale) + grid.zeroPoint));
}

export function dequantize(code: number, grid: Grid): number {
  return Math.fround((code - grid.zeroPoint) * grid.scale);
}

/** The grid a stored quantization used for one group, read back as `mode` at `bits` would have built it. */
export function storedGrid(bits: number, mode: QuantizeMode, scale: number, zeroPoint: number): Grid {
  if (bits === 1) return { sign: true, scale, zeroPoint: 0, low: -1, high: 1 };
  if (mode === 'symmetric') return { sign: false, scale, zeroPoint, low: -(2 ** (bits - 1) - 1), high: 2 ** (bits - 1) - 1 };
  return { sign: false, scale, zeroPoint, low: 0, high: 2 ** bits - 1 };
}
