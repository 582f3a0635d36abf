// One property suite for the Kernel contract, run against every available backend and native layout.
// B = batch, I = inputs, O = outputs
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { BitMask, MaskedParameter, Tensor, type Kernel } from '@ontogeny/core';
import { kernelsUnderTest } from './backends.js';
import { firstOutside, product } from './float64-reference.js';

const kernels = kernelsUnderTest();

/** Small deterministic generator for the bulk data (fast-check picks shapes, sparsity and the seed). */
function uniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function filled(n: number, next: () => number, offset = 0): Float32Array {
  const out = placed(n, offset);
  for (let i = 0; i < n; i++) out[i] = next() * 2 - 1;
  return out;
}

/**
 * n floats starting `offset` floats into a fresh buffer: the native transposes start their blocks on cache lines
 * and cover the ragged edges with overlapping blocks, so the activations come at every alignment.
 */
function placed(n: number, offset: number): Float32Array {
  return new Float32Array(n + offset).subarray(offset);
}

// Shapes include 0, 1, primes and the tile boundaries ± 1 (micro-tiles of 4/6/8 rows and 8/16/32 columns,
// vector widths 4/8/16, the 256-deep k-block).
const small = fc.constantFrom(0, 1, 2, 3, 4, 5, 7, 8, 9, 13, 15, 16, 17, 31, 32, 33, 47, 48, 49, 63, 64, 65, 97);
const deep = fc.constantFrom(127, 128, 129, 255, 256, 257);
const structure = fc.constantFrom('random', 'block4', 'nm24');

const layerCase = fc.record({
  B: fc.oneof(small, fc.constantFrom(128, 129)),
  I: fc.oneof(small, deep),
  O: fc.oneof(small, deep),
  sparsity: fc.oneof(fc.constant(0), fc.constant(1), fc.constantFrom(0.5, 0.9, 0.99), fc.double({ min: 0, max: 1, noNaN: true })),
  structure,
  emptyRows: fc.boolean(),
  emptyCols: fc.boolean(),
  bias: fc.boolean(),
  offset: fc.integer({ min: 0, max: 15 }),
  seed: fc.integer(),
});
type LayerCase = typeof layerCase extends fc.Arbitrary<infer T> ? T : never;

// Batches of thousands, whose operands outgrow a core's L2 (the native weight gradient then works in panels of batch
// columns), on layers small enough that the float64 reference stays quick.
const longBatchCase = layerCase.chain((c) => fc.record({
  B: fc.constantFrom(1400, 2049), I: fc.constantFrom(129, 161), O: fc.constantFrom(129, 161),
}).map((long) => ({ ...c, ...long })));

function maskFor(c: LayerCase, next: () => number): BitMask {
  const { O, I, sparsity } = c;
  const keep = new Uint8Array(O * I);
  if (c.structure === 'random') for (let i = 0; i < keep.length; i++) keep[i] = next() >= sparsity ? 1 : 0;
  if (c.structure === 'block4') {
    for (let g = 0; g < O; g += 4) for (let col = 0; col < I; col++) {
      const on = next() >= sparsity ? 1 : 0;
      for (let r = g; r < Math.min(O, g + 4); r++) keep[r * I + col] = on;
    }
  }
  if (c.structure === 'nm24') {
    for (let r = 0; r < O; r++) for (let g = 0; g < I; g += 4) {
      const first = Math.floor(next() * 4);
      const second = (first + 1 + Math.floor(next() * 3)) % 4;
      for (const k of [first, second]) if (g + k < I && next() >= sparsity) keep[r * I + g + k] = 1;
    }
  }
  for (let r = 0; r < O; r++) for (let col = 0; col < I; col++) {
    if ((c.emptyRows && r % 3 === 1) || (c.emptyCols && col % 5 === 2)) keep[r * I + col] = 0;
  }
  return BitMask.from(O * I, (i) => keep[i] === 1);
}

function layer(c: LayerCase) {
  const next = uniform(c.seed);
  const w = new MaskedParameter('w', c.O, c.I, filled(c.O * c.I, next));
  w.setMask(maskFor(c, next));
  const weff = w.effective();
  return {
    w, weff,
    x: new Tensor(filled(c.B * c.I, next, c.offset), c.B, c.I),
    dy: new Tensor(filled(c.B * c.O, next, (c.offset * 7) % 16), c.B, c.O),
    bias: c.bias ? filled(c.O, next) : null,
    start: filled(c.O * c.I, next),
  };
}

/** t's transpose (cols × rows), starting `offset` floats into its buffer. */
function transposed(t: Tensor, offset: number): Tensor {
  const out = placed(t.rows * t.cols, offset);
  for (let r = 0; r < t.rows; r++) for (let c = 0; c < t.cols; c++) out[c * t.rows + r] = t.data[r * t.cols + c];
  return new Tensor(out, t.cols, t.rows);
}

type FeatureMajorOps = 'maskedForwardFeatureMajor' | 'maskedBackwardInputFeatureMajor' | 'maskedWeightGradFeatureMajor';

/** The kernel's feature-major ops: every backend under test provides them. */
function featureMajor(kernel: Kernel): Required<Pick<Kernel, FeatureMajorOps>> {
  const { maskedForwardFeatureMajor, maskedBackwardInputFeatureMajor, maskedWeightGradFeatureMajor } = kernel;
  assert.ok(maskedForwardFeatureMajor && maskedBackwardInputFeatureMajor && maskedWeightGradFeatureMajor,
    `${kernel.name} lacks the feature-major ops`);
  return {
    maskedForwardFeatureMajor: maskedForwardFeatureMajor.bind(kernel),
    maskedBackwardInputFeatureMajor: maskedBackwardInputFeatureMajor.bind(kernel),
    maskedWeightGradFeatureMajor: maskedWeightGradFeatureMajor.bind(kernel),
  };
}

/**
 * Runs `accumulate` on a dW holding `start` on w's mask and 0 off it, and checks dW += (dyᵀ·x) ⊙ M: within the
 * bound at kept entries, exactly 0 elsewhere. `dy(o, b)` and `x(b, i)` read the operands in their layout.
 */
function assertWeightGrad(c: LayerCase, w: MaskedParameter, start: Float32Array, accumulate: (dW: Float32Array) => void,
  dy: (o: number, b: number) => number, x: (b: number, i: number) => number): void {
  const dW = new Float32Array(c.O * c.I);
  for (let i = 0; i < dW.length; i++) dW[i] = w.mask.get(i) ? start[i] : 0;
  const initial = Float64Array.from(dW);
  accumulate(dW);
  const exact = product(c.O, c.I, c.B, dy, x);
  for (let i = 0; i < dW.length; i++) {
    if (!w.mask.get(i)) {
      assert.ok(Object.is(dW[i], 0), `entry ${i} is off the mask but holds ${dW[i]}`);
      exact.value[i] = 0;
      exact.magnitude[i] = 0;
    } else {
      exact.value[i] += initial[i];
      exact.magnitude[i] += Math.abs(initial[i]);
    }
  }
  assert.equal(firstOutside(dW, exact.value, exact.magnitude, c.B), null);
}

// ~25 cases per property and backend keep the whole suite under a minute on two cores.
const runs = { numRuns: 25 };

describe('Kernel contract', () => {
  for (const { label, kernel } of kernels) {
    describe(label, () => {
      it('gemm: C ← α·op(A)·op(B) + β·C within 2·γ_K·Σ|a·b| + ε', () => {
        fc.assert(fc.property(small, fc.oneof(small, deep), fc.oneof(small, deep), fc.boolean(), fc.boolean(),
          fc.constantFrom(1, -0.5, 2), fc.constantFrom(0, 1, 0.25), fc.integer(), (M, N, K, ta, tb, alpha, beta, seed) => {
            const next = uniform(seed);
            const a = filled(M * K, next), b = filled(K * N, next);
            const c = beta === 0 ? new Float32Array(M * N).fill(NaN) : filled(M * N, next);
            const before = Float64Array.from(c);
            const exact = product(M, N, K, (i, k) => alpha * (ta ? a[k * M + i] : a[i * K + k]),
              (k, j) => (tb ? b[j * K + k] : b[k * N + j]));
            kernel.gemm(ta, tb, M, N, K, alpha, a, b, beta, c);
            for (let i = 0; i < exact.value.length; i++) {
              if (beta !== 0) {
                exact.value[i] += beta * before[i];
                exact.magnitude[i] += Math.abs(beta * before[i]);
              }
            }
            assert.equal(firstOutside(c, exact.value, exact.magnitude, K), null);
          }), runs);
      });

      it('maskedForward writes every output: y = x·W_effᵀ + bias', () => {
        fc.assert(fc.property(layerCase, (c) => {
          const { w, weff, x, bias } = layer(c);
          const y = new Tensor(placed(c.B * c.O, (c.offset * 3) % 16).fill(NaN), c.B, c.O);
          kernel.maskedForward(x, w, bias, y);
          const exact = product(c.B, c.O, c.I, (b, i) => x.data[b * c.I + i], (i, o) => weff[o * c.I + i]);
          if (bias) for (let i = 0; i < exact.value.length; i++) {
            exact.value[i] += bias[i % c.O];
            exact.magnitude[i] += Math.abs(bias[i % c.O]);
          }
          assert.equal(firstOutside(y.data, exact.value, exact.magnitude, c.I), null);
        }), runs);
      });

      it('maskedBackwardInput writes every entry: dx = dy·W_eff', () => {
        fc.assert(fc.property(layerCase, (c) => {
          const { w, weff, dy } = layer(c);
          const dx = new Tensor(placed(c.B * c.I, (c.offset * 5) % 16).fill(NaN), c.B, c.I);
          kernel.maskedBackwardInput(dy, w, dx);
          const exact = product(c.B, c.I, c.O, (b, o) => dy.data[b * c.O + o], (o, i) => weff[o * c.I + i]);
          assert.equal(firstOutside(dx.data, exact.value, exact.magnitude, c.O), null);
        }), runs);
      });

      it('maskedWeightGrad accumulates at kept entries and leaves the rest exactly 0', () => {
        fc.assert(fc.property(layerCase, (c) => {
          const { w, x, dy, start } = layer(c);
          assertWeightGrad(c, w, start, (dW) => kernel.maskedWeightGrad(dy, x, w, dW),
            (o, b) => dy.data[b * c.O + o], (b, i) => x.data[b * c.I + i]);
        }), runs);
      });

      it('maskedWeightGrad over a batch of thousands accumulates at kept entries and leaves the rest exactly 0', () => {
        fc.assert(fc.property(longBatchCase, (c) => {
          const { w, x, dy, start } = layer(c);
          assertWeightGrad(c, w, start, (dW) => kernel.maskedWeightGrad(dy, x, w, dW),
            (o, b) => dy.data[b * c.O + o], (b, i) => x.data[b * c.I + i]);
        }), { numRuns: 3 });
      });

      it('scoreGrad accumulates the dense straight-through gradient (dyᵀ·x) ⊙ W', () => {
        fc.assert(fc.property(layerCase, (c) => {
          const { w, x, dy, start } = layer(c);
          const dS = start.slice();
          kernel.scoreGrad(dy, x, w, dS);
          const exact = product(c.O, c.I, c.B, (o, b) => dy.data[b * c.O + o], (b, i) => x.data[b * c.I + i]);
          for (let i = 0; i < dS.length; i++) {
            exact.value[i] = exact.value[i] * w.values[i] + start[i];
            exact.magnitude[i] = exact.magnitude[i] * Math.abs(w.values[i]) + Math.abs(start[i]);
          }
          assert.equal(firstOutside(dS, exact.value, exact.magnitude, c.B), null);
        }), runs);
      });

      // The feature-major forms: the same products on activations stored one row per feature (I×B, O×B).
      it('maskedForwardFeatureMajor writes every output: yT = W_eff·xT + bias', () => {
        fc.assert(fc.property(layerCase, (c) => {
          const { w, weff, x, bias } = layer(c);
          const xT = transposed(x, c.offset);
          const yT = new Tensor(placed(c.O * c.B, (c.offset * 3) % 16).fill(NaN), c.O, c.B);
          featureMajor(kernel).maskedForwardFeatureMajor(xT, w, bias, yT);
          const exact = product(c.O, c.B, c.I, (o, i) => weff[o * c.I + i], (i, b) => xT.data[i * c.B + b]);
          if (bias) for (let i = 0; i < exact.value.length; i++) {
            const o = Math.floor(i / c.B);
            exact.value[i] += bias[o];
            exact.magnitude[i] += Math.abs(bias[o]);
          }
          assert.equal(firstOutside(yT.data, exact.value, exact.magnitude, c.I), null);
        }), runs);
      });

      it('maskedBackwardInputFeatureMajor writes every entry: dxT = W_effᵀ·dyT', () => {
        fc.assert(fc.property(layerCase, (c) => {
          const { w, weff, dy } = layer(c);
          const dyT = transposed(dy, (c.offset * 7) % 16);
          const dxT = new Tensor(placed(c.I * c.B, (c.offset * 5) % 16).fill(NaN), c.I, c.B);
          featureMajor(kernel).maskedBackwardInputFeatureMajor(dyT, w, dxT);
          const exact = product(c.I, c.B, c.O, (i, o) => weff[o * c.I + i], (o, b) => dyT.data[o * c.B + b]);
          assert.equal(firstOutside(dxT.data, exact.value, exact.magnitude, c.O), null);
        }), runs);
      });

      it('maskedWeightGradFeatureMajor accumulates at kept entries and leaves the rest exactly 0', () => {
        fc.assert(fc.property(layerCase, (c) => {
          const { w, x, dy, start } = layer(c);
          const xT = transposed(x, c.offset), dyT = transposed(dy, (c.offset * 7) % 16);
          assertWeightGrad(c, w, start, (dW) => featureMajor(kernel).maskedWeightGradFeatureMajor(dyT, xT, w, dW),
            (o, b) => dyT.data[o * c.B + b], (b, i) => xT.data[i * c.B + b]);
        }), runs);
      });

      it('re-packs when the mask or the values change, and only then', () => {
        fc.assert(fc.property(layerCase, fc.integer(), (c, seed) => {
          const { w, x, bias } = layer(c);
          const y = new Tensor(new Float32Array(c.B * c.O), c.B, c.O);
          const check = () => {
            y.data.fill(NaN);
            kernel.maskedForward(x, w, bias, y);
            const weff = w.effective();
            const exact = product(c.B, c.O, c.I, (b, i) => x.data[b * c.I + i], (i, o) => weff[o * c.I + i]);
            if (bias) for (let i = 0; i < exact.value.length; i++) {
              exact.value[i] += bias[i % c.O];
              exact.magnitude[i] += Math.abs(bias[i % c.O]);
            }
            assert.equal(firstOutside(y.data, exact.value, exact.magnitude, c.I), null);
          };
          check();
          const next = uniform(seed);
          w.remove([...Array(w.size).keys()].filter(() => next() < 0.3));
          check();
          for (let i = 0; i < w.size; i++) w.values[i] = next() * 2 - 1;
          w.touch();
          check();
        }), { numRuns: 8 });
      });
    });
  }
});
