// The quantize disorder pinned against hand-rounded codes, and its idempotence and half-step error as properties.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MaskedParameter, Rng, type Disorder, type DisorderTarget, type Model } from '@ontogeny/core';
import quantize, { type QuantizeOptions } from './quantize.js';

const rng = Rng.derive(0, 'test');

function target(values: number[], rows = 1): DisorderTarget & { w: MaskedParameter } {
  const w = new MaskedParameter('fc.weight', rows, values.length / rows, Float32Array.from(values));
  return { model: {} as Model, layers: [w], w };
}

function quantizer(options: Partial<QuantizeOptions>): Disorder {
  return quantize.create({ bits: 8, mode: 'symmetric', granularity: 'tensor', sigmas: 4, ...options }, { seed: 0 });
}

function close(actual: ArrayLike<number>, expected: number[], tolerance = 1e-6): void {
  expected.forEach((e, i) => assert.ok(Math.abs(actual[i] - e) <= tolerance, `entry ${i}: expected ${e}, got ${actual[i]}`));
}

describe('quantize', () => {
  it('symmetric 8 bits: q = round(w / max|w| · 127)', () => {
    const t = target([1, -0.6, 0.25, 0.003]);
    const report = quantizer({ bits: 8 }).apply(t, rng);
    assert.deepEqual([...t.w.quantization!.codes], [127, -76, 32, 0]);
    close(t.w.values, [1, -76 / 127, 32 / 127, 0], 1e-4);
    assert.equal(report.dose, 8);
  });
  it('symmetric 2 bits: codes −1, 0, 1 at scale max|w|', () => {
    const t = target([1, -0.4, 0.6, -0.9]);
    quantizer({ bits: 2 }).apply(t, rng);
    assert.deepEqual([...t.w.quantization!.codes], [1, 0, 1, -1]);
  });
  it('1 bit: sign(w) · mean|w| over the nonzero weights; zeros stay zero', () => {
    const t = target([0.5, -1, 0, 0.25]);
    quantizer({ bits: 1 }).apply(t, rng);
    close(t.w.values, [0.5833333, -0.5833333, 0, 0.5833333]);
  });
  it('1 bit per output channel: one mean per row', () => {
    const t = target([1, -3, 0.5, 0.5], 2);
    quantizer({ bits: 1, granularity: 'channel' }).apply(t, rng);
    close(t.w.values, [2, -2, 0.5, 0.5]);
    close(t.w.quantization!.scales, [2, 0.5]);
  });
  it('asymmetric: zero stays exact and values past μ ± nσ are clipped', () => {
    const values = [0, 0.1, 0.2, 0.3, 0.15, 0.25, 0.05, 10];
    const t = target(values);
    const report = quantizer({ bits: 4, mode: 'asymmetric', sigmas: 1 }).apply(t, rng);
    assert.equal(t.w.values[0], 0);
    assert.ok(t.w.values[7] < 10 && Number(report.detail.clippedFraction) > 0);
  });
  it('writes codes, scales and zero points that give the values back', () => {
    const t = target([0.3, -0.2, 0.9, -1.4, 0.05, 0.7], 2);
    quantizer({ bits: 3, mode: 'asymmetric', granularity: 'channel' }).apply(t, rng);
    const q = t.w.quantization!;
    for (let i = 0; i < 6; i++) {
      const g = Math.floor(i / 3);
      assert.equal(t.w.values[i], Math.fround((q.codes[i] - q.zeroPoints[g]) * q.scales[g]));
    }
  });
});

describe('quantize properties', () => {
  const settings = fc.record({
    bits: fc.integer({ min: 1, max: 8 }),
    mode: fc.constantFrom('symmetric' as const, 'asymmetric' as const),
    granularity: fc.constantFrom('tensor' as const, 'channel' as const),
    sigmas: fc.constantFrom(2, 4),
  });
  const matrices = fc.integer({ min: 1, max: 6 }).chain((rows) => fc.tuple(fc.constant(rows),
    fc.array(fc.float({ noNaN: true, min: -3, max: 3 }), { minLength: rows, maxLength: rows * 20 })
      .map((values) => values.slice(0, values.length - (values.length % rows)))));

  it('is idempotent: quantizing twice equals quantizing once', () => {
    fc.assert(fc.property(settings, matrices, (options, [rows, values]) => {
      const t = target(values, rows);
      const disorder = quantizer(options);
      disorder.apply(t, rng);
      const once = t.w.values.slice();
      const codes = t.w.quantization!.codes.slice();
      disorder.apply(t, rng);
      assert.deepEqual(t.w.values, once);
      assert.deepEqual(t.w.quantization!.codes, codes);
      t.w.quantization = null; // symmetric and 1-bit grids rebuild themselves exactly, without the stored grid
      disorder.apply(t, rng);
      if (options.mode === 'symmetric' || options.bits === 1) assert.deepEqual(t.w.values, once);
    }), { numRuns: 300 });
  });

  it('moves every value inside its grid range by at most half a step', () => {
    fc.assert(fc.property(settings.filter((o) => o.bits > 1), matrices, (options, [rows, values]) => {
      const t = target(values, rows);
      quantizer(options).apply(t, rng);
      const q = t.w.quantization!;
      const groups = q.scales.length;
      const width = values.length / groups;
      const levels = options.mode === 'symmetric' ? [-(2 ** (options.bits - 1) - 1), 2 ** (options.bits - 1) - 1] : [0, 2 ** options.bits - 1];
      values.forEach((v, i) => {
        const g = Math.floor(i / width);
        const low = (levels[0] - q.zeroPoints[g]) * q.scales[g];
        const high = (levels[1] - q.zeroPoints[g]) * q.scales[g];
        if (v < low || v > high) return; // clipped: outside the range
        assert.ok(Math.abs(t.w.values[i] - v) <= q.scales[g] / 2 * (1 + 1e-6), `value ${v} → ${t.w.values[i]}, step ${q.scales[g]}`);
      });
    }), { numRuns: 300 });
  });
});
