// The Kernel contract's element-wise ops (SGD, Adam and RMSprop updates, ReLU, column and row sums, threshold bits) on every backend: the reference's bits.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ReferenceKernel, type AdamHyperparameters, type RmspropHyperparameters, type SgdHyperparameters } from '@ontogeny/core';
import { kernelsUnderTest } from './backends.js';

const reference = new ReferenceKernel();

// The element-wise ops depend on the ISA, not on the sparse layout: one kernel per ISA is enough.
const seen = new Set<string>();
const kernels = kernelsUnderTest().filter(({ isa }) => {
  if (seen.has(isa)) return false;
  seen.add(isa);
  return true;
});

// Lengths around the vector widths (4/8/16), a 32-bit mask word and Adam's 64-entry chunks.
const length = fc.constantFrom(0, 1, 3, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 129, 1000);
const values = (n: number) => fc.float32Array({ minLength: n, maxLength: n, noNaN: true, noDefaultInfinity: true, min: -4, max: 4 });

/** Bit for bit, as the contract asks: these ops carry a lifespan's state, so kernels must not drift apart here. */
function assertSame(actual: Float32Array, expected: Float32Array, what: string): void {
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const e = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  const i = a.findIndex((bits, k) => bits !== e[k]);
  assert.equal(i, -1, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
}

const runs = { numRuns: 40 };

describe('Kernel element-wise ops', () => {
  for (const { label, kernel } of kernels) {
    describe(label, () => {
      const ops = kernel;

      it('sgdStep gives the definition bits (plain, heavy ball, Nesterov, weight decay)', () => {
        const hyper = fc.record<SgdHyperparameters>({
          momentum: fc.constantFrom(0, 0.5, 0.9), nesterov: fc.boolean(), weightDecay: fc.constantFrom(0, 1e-4, 0.1),
        });
        fc.assert(fc.property(length.chain((n) => fc.tuple(values(n), values(n), values(n))), hyper, fc.constantFrom(0.1, 0.01),
          ([w, g, b], h, lr) => {
            const velocity = h.momentum > 0 ? b : null;
            const [w1, v1] = [w.slice(), velocity?.slice() ?? null];
            const [w2, v2] = [w.slice(), velocity?.slice() ?? null];
            reference.sgdStep(w1, g, v1, lr, h);
            ops.sgdStep(w2, g, v2, lr, h);
            assertSame(w2, w1, 'w');
            if (v1 && v2) assertSame(v2, v1, 'velocity');
          }), runs);
      });

      it('sgdStepAt steps the listed entries as sgdStep steps them, and leaves the others', () => {
        const hyper = fc.record<SgdHyperparameters>({
          momentum: fc.constantFrom(0, 0.5, 0.9), nesterov: fc.boolean(), weightDecay: fc.constantFrom(0, 0.1),
        });
        const listed = (n: number) => fc.uniqueArray(fc.nat({ max: Math.max(0, n - 1) }), { maxLength: n }).map((at) => Int32Array.from(n > 0 ? at : []));
        fc.assert(fc.property(length.chain((n) => fc.tuple(values(n), values(n), values(n), listed(n))), hyper,
          ([w, g, b, at], h) => {
            const velocity = h.momentum > 0 ? b : null;
            const [all, allVelocity] = [w.slice(), velocity?.slice() ?? null];
            reference.sgdStep(all, g, allVelocity, 0.1, h);
            const [some, someVelocity] = [w.slice(), velocity?.slice() ?? null];
            ops.sgdStepAt(at, some, g, someVelocity, 0.1, h);
            // Expected: the full step's bits at the listed entries, the starting bits elsewhere.
            const stepped = new Set(at);
            const expected = w.map((v, i) => (stepped.has(i) ? all[i] : v));
            assertSame(some, expected, 'w');
            if (velocity && allVelocity && someVelocity) {
              assertSame(someVelocity, velocity.map((v, i) => (stepped.has(i) ? allVelocity[i] : v)), 'velocity');
            }
          }), runs);
      });

      it('adamStep gives the definition bits, with per-entry step counts (reset entries)', () => {
        const hyper = fc.record<AdamHyperparameters>({
          beta1: fc.constantFrom(0.9, 0.5), beta2: fc.constantFrom(0.999, 0.99), epsilon: fc.constantFrom(1e-8, 1e-3),
          weightDecay: fc.constantFrom(0, 0.01), decoupled: fc.boolean(),
        });
        const counts = (n: number) => fc.oneof(
          fc.integer({ min: 0, max: 50 }).map((t) => new Float32Array(n).fill(t)),
          fc.array(fc.integer({ min: 0, max: 50 }), { minLength: n, maxLength: n }).map((t) => Float32Array.from(t)),
        );
        fc.assert(fc.property(length.chain((n) => fc.tuple(values(n), values(n), values(n), values(n), counts(n))), hyper,
          ([w, g, m, v0, t], h) => {
            const v = v0.map(Math.abs);
            const a = { w: w.slice(), state: { m: m.slice(), v: v.slice(), t: t.slice() } };
            const b = { w: w.slice(), state: { m: m.slice(), v: v.slice(), t: t.slice() } };
            reference.adamStep(a.w, g, a.state, 1e-3, h);
            ops.adamStep(b.w, g, b.state, 1e-3, h);
            assertSame(b.state.m, a.state.m, 'm');
            assertSame(b.state.v, a.state.v, 'v');
            assert.deepEqual(b.state.t, a.state.t);
            assertSame(b.w, a.w, 'w');
          }), runs);
      });

      it('rmspropStep gives the definition bits (with and without momentum, weight decay)', () => {
        const hyper = fc.record<RmspropHyperparameters>({
          alpha: fc.constantFrom(0.99, 0.9), epsilon: fc.constantFrom(1e-8, 1e-3),
          momentum: fc.constantFrom(0, 0.5), weightDecay: fc.constantFrom(0, 0.01),
        });
        fc.assert(fc.property(length.chain((n) => fc.tuple(values(n), values(n), values(n), values(n))), hyper, fc.constantFrom(0.01, 1e-3),
          ([w, g, square0, velocity], h, lr) => {
            const square = square0.map(Math.abs);
            const a = { w: w.slice(), square: square.slice(), velocity: velocity.slice() };
            const b = { w: w.slice(), square: square.slice(), velocity: velocity.slice() };
            reference.rmspropStep(a.w, g, a.square, a.velocity, lr, h);
            ops.rmspropStep(b.w, g, b.square, b.velocity, lr, h);
            assertSame(b.square, a.square, 'square');
            assertSame(b.velocity, a.velocity, 'velocity');
            assertSame(b.w, a.w, 'w');
          }), runs);
      });

      it('relu and reluBackward are exact, NaN inputs giving 0', () => {
        fc.assert(fc.property(length.chain((n) => fc.tuple(
          fc.float32Array({ minLength: n, maxLength: n }), values(n))), ([x, dy]) => {
          const [y1, y2] = [new Float32Array(x.length).fill(NaN), new Float32Array(x.length).fill(NaN)];
          reference.relu(x, y1);
          ops.relu(x, y2);
          assert.deepEqual(y2, y1);
          const [d1, d2] = [new Float32Array(x.length).fill(NaN), new Float32Array(x.length).fill(NaN)];
          reference.reluBackward(y1, dy, d1);
          ops.reluBackward(y1, dy, d2);
          assert.deepEqual(d2, d1);
        }), runs);
      });

      it('addColumnSums accumulates rows in order, bit for bit', () => {
        fc.assert(fc.property(length, length, fc.integer(), (rows, cols, seed) => {
          const m = Float32Array.from({ length: rows * cols }, (_, i) => Math.sin(seed + i) * 3);
          const start = Float32Array.from({ length: cols }, (_, j) => Math.cos(seed + j));
          const [a, b] = [start.slice(), start.slice()];
          reference.addColumnSums(m, rows, cols, a);
          ops.addColumnSums(m, rows, cols, b);
          assertSame(b, a, 'out');
        }), runs);
      });

      it('addRowSums adds each row in the eight-lane order the contract defines, bit for bit', () => {
        fc.assert(fc.property(length, length, fc.integer(), (rows, cols, seed) => {
          const m = Float32Array.from({ length: rows * cols }, (_, i) => Math.sin(seed + i) * 3);
          const start = Float32Array.from({ length: rows }, (_, r) => Math.cos(seed + r));
          const expected = start.slice();
          const f = Math.fround;
          const whole = cols - (cols % 8);
          for (let r = 0; r < rows; r++) {
            const entry = (j: number) => m[r * cols + j];
            const lane = (k: number) => {
              let sum = 0;
              for (let j = k; j < whole; j += 8) sum = f(sum + entry(j));
              return sum;
            };
            let total = f(f(f(lane(0) + lane(4)) + f(lane(2) + lane(6))) + f(f(lane(1) + lane(5)) + f(lane(3) + lane(7))));
            for (let j = whole; j < cols; j++) total = f(total + entry(j));
            expected[r] = f(expected[r] + total);
          }
          const sums = start.slice();
          ops.addRowSums(m, rows, cols, sums);
          assertSame(sums, expected, 'out');
        }), runs);
      });

      it('thresholdBits is exact, at thresholds that float32 cannot represent and at ties', () => {
        const threshold = fc.constantFrom(5e-3, 0, -0.5, 0.1, 1 / 3, Infinity);
        fc.assert(fc.property(length.chain((n) => values(n)), threshold, fc.integer({ min: 0, max: 40 }), (v, t, ties) => {
          // Plant values at and around the threshold as float32 rounds it.
          const near = [Math.fround(t), t, Math.fround(t) + 1e-9, Math.fround(t) - 1e-9];
          for (let i = 0; i < v.length; i += ties + 1) v[i] = near[i % near.length];
          const words = Math.ceil(v.length / 32);
          const [a, b] = [new Uint32Array(words).fill(0xdeadbeef), new Uint32Array(words).fill(0xdeadbeef)];
          reference.thresholdBits(v, t, a);
          ops.thresholdBits(v, t, b);
          assert.deepEqual(b, a);
        }), runs);
      });
    });
  }
});
