// The Kernel contract's encoder ops (layer norm, GELU, attention, embeddings, residual sums) on every backend, against
// float64 values.
// N = rows, D = features, B = batch, T = sequence length, H = heads, E = head width
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { AttentionShape } from '@ontogeny/core';
import { kernelsUnderTest } from './backends.js';
import {
  attentionBackwardExact, attentionExact, firstOutsideBound, geluExact, layerNormBackwardExact, layerNormExact,
} from './encoder-exact.js';

// The encoder ops depend on the ISA and the thread count, not on the sparse layout: one kernel per ISA.
const seen = new Set<string>();
const kernels = kernelsUnderTest().filter(({ isa }) => !seen.has(isa) && seen.add(isa) !== undefined);

/** Deterministic bulk data from a fast-check seed: normal-ish values of the given scale around `offset`. */
function data(n: number, seed: number, scale = 1, offset = 0): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const u = s / 2 ** 32;
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return offset + scale * (u + s / 2 ** 32 - 1);
  });
}

// Widths around the vector widths (4/8/16 lanes) and the 64-float column strips.
const width = fc.constantFrom(1, 2, 3, 5, 8, 15, 16, 17, 31, 32, 33, 64, 65, 128, 256);
const rows = fc.constantFrom(0, 1, 2, 3, 7, 16, 33);
const runs = { numRuns: 30 };

describe('Kernel encoder ops', () => {
  for (const { label, kernel } of kernels) {
    describe(label, () => {
      const ops = kernel;

      it('layerNorm: x̂, y and 1/σ within 2γ_D of float64, rows far from zero mean included', () => {
        fc.assert(fc.property(rows, width, fc.integer(), fc.constantFrom(0, 3, 100), fc.constantFrom(1e-12, 1e-5),
          (N, D, seed, offset, epsilon) => {
            const x = data(N * D, seed, 2, offset);
            const gain = data(D, seed + 1, 1, 1), shift = data(D, seed + 2);
            const [y, xhat, inverseStd] = [new Float32Array(N * D).fill(NaN), new Float32Array(N * D).fill(NaN), new Float32Array(N).fill(NaN)];
            ops.layerNorm(x, N, D, gain, shift, epsilon, y, xhat, inverseStd);
            const exact = layerNormExact(x, N, D, gain, shift, epsilon);
            assert.equal(firstOutsideBound(xhat, exact.xhat, 'xhat'), null);
            assert.equal(firstOutsideBound(y, exact.y, 'y'), null);
            assert.equal(firstOutsideBound(inverseStd, exact.inverseStd, 'inverseStd'), null);
          }), runs);
      });

      it('layerNormBackward: dx assigned, dGain and dShift accumulated, each only when asked for', () => {
        fc.assert(fc.property(rows, width, fc.integer(), fc.boolean(), fc.boolean(), fc.boolean(),
          (N, D, seed, wantDx, wantGain, wantShift) => {
            const dy = data(N * D, seed), xhat = data(N * D, seed + 1, 3), inverseStd = data(N, seed + 2, 1, 2);
            const gain = data(D, seed + 3, 1, 1), gain0 = data(D, seed + 4), shift0 = data(D, seed + 5);
            const dx = wantDx ? new Float32Array(N * D).fill(NaN) : null;
            const [dGain, dShift] = [wantGain ? gain0.slice() : null, wantShift ? shift0.slice() : null];
            ops.layerNormBackward(dy, xhat, inverseStd, N, D, gain, dx, dGain, dShift);
            const exact = layerNormBackwardExact(dy, xhat, inverseStd, N, D, gain, gain0, shift0);
            if (dx) assert.equal(firstOutsideBound(dx, exact.dx, 'dx'), null);
            if (dGain) assert.equal(firstOutsideBound(dGain, exact.dGain, 'dGain'), null);
            if (dShift) assert.equal(firstOutsideBound(dShift, exact.dShift, 'dShift'), null);
          }), runs);
      });

      it('gelu and geluBackward within a few u of float64, from tiny to saturated inputs', () => {
        const length = fc.constantFrom(0, 1, 3, 7, 8, 15, 16, 17, 33, 100, 1000);
        fc.assert(fc.property(length, fc.integer(), fc.constantFrom(1e-6, 1, 4, 30), (n, seed, scale) => {
          const x = data(n, seed, scale), dy = data(n, seed + 1);
          const [y, dx] = [new Float32Array(n).fill(NaN), new Float32Array(n).fill(NaN)];
          ops.gelu(x, y);
          ops.geluBackward(x, dy, dx);
          const exact = geluExact(x, dy);
          assert.equal(firstOutsideBound(y, exact.y, 'y'), null);
          assert.equal(firstOutsideBound(dx, exact.dx, 'dx'), null);
        }), runs);
      });

      const attentionCase = fc.record({
        B: fc.constantFrom(1, 2, 3), T: fc.constantFrom(1, 2, 5, 16, 17, 24), H: fc.constantFrom(1, 2, 4),
        E: fc.constantFrom(1, 3, 8, 16, 17), padding: fc.constantFrom('none', 'some', 'a whole sequence'),
        seed: fc.integer(), gates: fc.constantFrom('open', 'mixed'),
      });
      type AttentionCase = typeof attentionCase extends fc.Arbitrary<infer C> ? C : never;
      const inputs = (c: AttentionCase) => {
        const D = c.H * c.E;
        const shape: AttentionShape = { batch: c.B, length: c.T, heads: c.H, width: D, scale: 1 / Math.sqrt(c.E) };
        const n = c.B * c.T * D;
        let keyValid: Uint8Array | null = null;
        if (c.padding !== 'none') {
          keyValid = Uint8Array.from({ length: c.B * c.T }, (_, i) => (i % c.T < Math.max(1, c.T - 2) ? 1 : 0));
          if (c.padding === 'a whole sequence') keyValid.fill(0, 0, c.T);
        }
        const gates = c.gates === 'open' ? new Float32Array(c.H).fill(1) : Float32Array.from({ length: c.H }, (_, h) => [0, 0.5, 1, 1.5][h % 4]);
        return { shape, n, keyValid, gates, q: data(n, c.seed, 2), k: data(n, c.seed + 1, 2), v: data(n, c.seed + 2) };
      };

      it('attention: probabilities, context and gated output; padded keys and key-less queries get exactly 0', () => {
        fc.assert(fc.property(attentionCase, (c) => {
          const { shape, n, keyValid, gates, q, k, v } = inputs(c);
          const probabilities = new Float32Array(c.B * c.H * c.T * c.T).fill(NaN);
          const [context, merged] = [new Float32Array(n).fill(NaN), new Float32Array(n).fill(NaN)];
          ops.attention(shape, q, k, v, keyValid, gates, probabilities, context, merged);
          const exact = attentionExact(shape, q, k, v, keyValid, gates);
          assert.equal(firstOutsideBound(probabilities, exact.probabilities, 'probabilities'), null);
          assert.equal(firstOutsideBound(context, exact.context, 'context'), null);
          assert.equal(firstOutsideBound(merged, exact.merged, 'merged'), null);
          for (let i = 0; i < probabilities.length; i++) {
            if (exact.probabilities.value[i] === 0) assert.ok(Object.is(probabilities[i], 0), `probability ${i} should be exactly 0`);
          }
        }), runs);
      });

      it('attentionBackward: dq, dk, dv assigned and the per-sequence gate gradients', () => {
        fc.assert(fc.property(attentionCase, (c) => {
          const { shape, n, keyValid, gates, q, k, v } = inputs(c);
          const forward = attentionExact(shape, q, k, v, keyValid, gates);
          const probabilities = Float32Array.from(forward.probabilities.value);
          const context = Float32Array.from(forward.context.value);
          const dMerged = data(n, c.seed + 3);
          const [dq, dk, dv] = [new Float32Array(n).fill(NaN), new Float32Array(n).fill(NaN), new Float32Array(n).fill(NaN)];
          const headDots = new Float64Array(c.B * c.H).fill(NaN);
          ops.attentionBackward(shape, dMerged, q, k, v, probabilities, context, gates, dq, dk, dv, headDots);
          const exact = attentionBackwardExact(shape, dMerged, q, k, v, probabilities, context, gates);
          assert.equal(firstOutsideBound(dq, exact.dq, 'dq'), null);
          assert.equal(firstOutsideBound(dk, exact.dk, 'dk'), null);
          assert.equal(firstOutsideBound(dv, exact.dv, 'dv'), null);
          assert.equal(firstOutsideBound(headDots, exact.headDots, 'headDots'), null);
        }), runs);
      });

      it('embeddingGather copies rows exactly; embeddingScatterAdd adds in entry order, bit for bit', () => {
        fc.assert(fc.property(fc.constantFrom(1, 2, 7, 40), width, fc.constantFrom(0, 1, 5, 64), fc.integer(), (V, D, N, seed) => {
          const table = data(V * D, seed);
          const ids = Float32Array.from(data(N, seed + 1, 0.5, 0.5), (u) => Math.min(V - 1, Math.floor(u * V)));
          const out = new Float32Array(N * D).fill(NaN);
          ops.embeddingGather(ids, table, D, out);
          for (let i = 0; i < N; i++) assert.deepEqual(out.subarray(i * D, (i + 1) * D), table.subarray(ids[i] * D, (ids[i] + 1) * D));
          const dy = data(N * D, seed + 2), grad = data(V * D, seed + 3);
          const expected = grad.slice();
          for (let i = 0; i < N; i++) for (let j = 0; j < D; j++) expected[ids[i] * D + j] = Math.fround(expected[ids[i] * D + j] + dy[i * D + j]);
          ops.embeddingScatterAdd(ids, dy, D, grad);
          assert.deepEqual(grad, expected);
        }), runs);
      });

      it('add gives a + b rounded to float32, bit for bit, also in place', () => {
        fc.assert(fc.property(fc.constantFrom(0, 1, 3, 15, 16, 17, 100, 1000), fc.integer(), fc.constantFrom(1, 1e-8, 1e8), (n, seed, scale) => {
          const a = data(n, seed, scale), b = data(n, seed + 1);
          const expected = Float32Array.from(a, (value, i) => Math.fround(value + b[i]));
          const out = new Float32Array(n).fill(NaN);
          ops.add(a, b, out);
          assert.deepEqual(out, expected);
          ops.add(a, b, a);
          assert.deepEqual(a, expected);
        }), runs);
      });

      it('embedding ops reject an id that is not a row of the table, naming the entry', () => {
        const table = new Float32Array(6);
        assert.throws(() => ops.embeddingGather(Float32Array.of(0, 3), table, 2, new Float32Array(4)),
          /id 3 at entry 1 is outside the table of 3 rows/);
        for (const bad of [3, -1, 1.5, NaN]) {
          assert.throws(() => ops.embeddingGather(Float32Array.of(0, bad), table, 2, new Float32Array(4)), RangeError);
          assert.throws(() => ops.embeddingScatterAdd(Float32Array.of(0, bad), new Float32Array(4), 2, table.slice()),
            /at entry 1 is outside the table of 3 rows/);
        }
      });
    });
  }
});
