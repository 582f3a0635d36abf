// The quantization disorder: frozen weights rounded to a b-bit grid, storing integer codes and scales beside the dequantized values.
import { definePlugin, type Disorder, type DisorderTarget, type MaskedParameter, type PerturbReport, type OptionsOf } from '@ontogeny/core';
import { codeOf, dequantize, gridFor, storedGrid, type Grid } from './quantization-grid.js';
import { relativeChange } from './weight-edits.js';

const quantizeOptions = {
  type: 'object', additionalProperties: false,
  properties: {
    bits: { type: 'integer', minimum: 1, maximum: 8, default: 8, description: 'Bit-width b, 1–8 (default 8); 1 bit is sign(w) · mean|w|.' },
    mode: {
      enum: ['symmetric', 'asymmetric'], default: 'symmetric',
      description: "'symmetric': q = round(w / max|w| · (2^(b−1) − 1)); 'asymmetric': 2^b levels over [μ − nσ, μ + nσ] with a zero point, clipping outside (default 'symmetric').",
    },
    granularity: {
      enum: ['tensor', 'channel'], default: 'tensor',
      description: "One scale per weight matrix, or one per output channel (row) — the fix for max scaling at 3 bits or fewer (default 'tensor').",
    },
    sigmas: { type: 'number', exclusiveMinimum: 0, default: 4, description: 'n of the asymmetric range μ ± nσ (default 4).' },
  },
} as const;

export type QuantizeOptions = OptionsOf<typeof quantizeOptions>;

/**
 * Quantizes every value of each target layer (masked or not: the mask learned on top may change) and writes
 * `w.quantization` (codes, scales, zero points) and the dequantized values. Inside the grid's range the error
 * is at most half a step. Idempotent: values that already lie on a grid of this bit-width and granularity
 * (an earlier application) keep that grid; symmetric and 1-bit grids also rebuild themselves exactly.
 */
export class Quantize implements Disorder {
  constructor(private readonly options: QuantizeOptions) {}

  apply(target: DisorderTarget): PerturbReport {
    const before = target.layers.map((w) => w.values.slice());
    let clipped = 0;
    let total = 0;
    for (const w of target.layers) {
      clipped += this.quantizeLayer(w);
      total += w.size;
    }
    const { bits, mode, granularity } = this.options;
    return {
      dose: bits,
      detail: {
        bits, mode, granularity,
        relativeError: relativeChange(before, target.layers.map((w) => w.values)),
        clippedFraction: total > 0 ? clipped / total : 0,
      },
    };
  }

  /** Quantizes one layer in place; returns how many values fell outside their grid's range. */
  private quantizeLayer(w: MaskedParameter): number {
    const { bits, mode, granularity, sigmas } = this.options;
    const groups = granularity === 'channel' ? w.rows : 1;
    const width = w.size / groups;
    const reused = this.gridsAlreadyHeld(w, groups, width);
    const scales = new Float32Array(groups);
    const zeroPoints = new Int32Array(groups);
    const codes = new Int32Array(w.size);
    let clipped = 0;
    for (let g = 0; g < groups; g++) {
      const from = g * width;
      const grid = reused?.[g] ?? gridFor(w.values, from, from + width, bits, mode, sigmas);
      scales[g] = grid.scale;
      zeroPoints[g] = grid.zeroPoint;
      for (let i = from; i < from + width; i++) {
        const raw = grid.sign ? 0 : Math.round(w.values[i] / grid.scale) + grid.zeroPoint;
        if (raw < grid.low || raw > grid.high) clipped++;
        codes[i] = codeOf(w.values[i], grid);
        w.values[i] = dequantize(codes[i], grid);
      }
    }
    w.quantization = { bits, scales, zeroPoints, codes };
    w.touch();
    return clipped;
  }

  /** The stored grids when every value already lies on them (re-quantizing then changes nothing), else null. */
  private gridsAlreadyHeld(w: MaskedParameter, groups: number, width: number): Grid[] | null {
    const stored = w.quantization;
    const { bits, mode } = this.options;
    if (!stored || stored.bits !== bits || stored.scales.length !== groups) return null;
    if (mode === 'symmetric' && stored.zeroPoints.some((z) => z !== 0)) return null;
    const grids = [...stored.scales].map((scale, g) => storedGrid(bits, mode, scale, stored.zeroPoints[g]));
    for (let i = 0; i < w.size; i++) {
      const grid = grids[Math.floor(i / width)];
      if (dequantize(codeOf(w.values[i], grid), grid) !== w.values[i]) return null;
    }
    return grids;
  }
}

export default definePlugin({
  kind: 'disorder',
  name: 'quantize',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'Jacob et al. 2018 (integer quantization); Zafrir et al. 2019 (Q8BERT, symmetric); Shen et al. 2020 (Q-BERT, per-group); Rastegari et al. 2016 (1 bit: sign · mean|w|)',
  description: 'Rounds the weights to a b-bit grid, symmetric or asymmetric, per tensor or per output channel; the dose is the bit-width.',
  options: quantizeOptions,
  create: (options) => new Quantize(options),
});
