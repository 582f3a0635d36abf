// The reference kernel against a float64 dense reference, within the rounding bound of a K-term dot product.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { BitMask } from '../../mask/bit-mask.js';
import { MaskedParameter } from '../../mask/masked-parameter.js';
import { Rng } from '../../tensor/rng.js';
import { Tensor } from '../../tensor/tensor.js';
import { ReferenceKernel } from './reference-kernel.js';

const kernel = new ReferenceKernel();
const u = 2 ** -24;
/** |fl(Σ) − Σ| ≤ γ_K Σ|a·b|, γ_K = K·u / (1 − K·u) (Higham); doubled for the float32 inputs' products. */
const bound = (K: number, magnitude: number) => 2 * ((K * u) / (1 - K * u)) * magnitude + 1e-30;

const cases = fc.record({
  batch: fc.constantFrom(0, 1, 2, 3, 4, 5, 7, 13),
  inputs: fc.constantFrom(1, 2, 3, 4, 5, 17, 31, 33),
  outputs: fc.constantFrom(1, 3, 4, 5, 8, 11),
  density: fc.double({ min: 0, max: 1, noNaN: true }),
  seed: fc.integer({ min: 0, max: 1000 }),
});

function build({ batch, inputs, outputs, density, seed }: { batch: number; inputs: number; outputs: number; density: number; seed: number }) {
  const rng = Rng.derive(seed, 'kernel-test');
  const w = new MaskedParameter('w', outputs, inputs);
  for (let i = 0; i < w.size; i++) w.values[i] = rng.normal();
  w.setMask(BitMask.from(w.size, () => rng.uniform() < density));
  const x = new Tensor(Float32Array.from({ length: batch * inputs }, () => rng.normal()), batch, inputs);
  const dy = new Tensor(Float32Array.from({ length: batch * outputs }, () => rng.normal()), batch, outputs);
  return { w, x, dy };
}

test('maskedForward matches x·(W⊙M)ᵀ in float64 and writes every output', () => {
  fc.assert(fc.property(cases, (c) => {
    const { w, x } = build(c);
    const y = new Tensor(new Float32Array(c.batch * c.outputs).fill(NaN), c.batch, c.outputs);
    kernel.maskedForward(x, w, null, y);
    for (let b = 0; b < c.batch; b++) {
      for (let o = 0; o < c.outputs; o++) {
        let exact = 0;
        let magnitude = 0;
        for (let i = 0; i < c.inputs; i++) {
          const term = w.mask.get(o * c.inputs + i) ? w.values[o * c.inputs + i] * x.data[b * c.inputs + i] : 0;
          exact += term;
          magnitude += Math.abs(term);
        }
        const got = y.data[b * c.outputs + o];
        assert.ok(Math.abs(got - exact) <= bound(c.inputs, magnitude), `y[${b},${o}] = ${got}, expected ${exact}`);
      }
    }
  }));
});

test('maskedBackwardInput matches dy·(W⊙M); maskedWeightGrad is exactly 0 off the mask; scoreGrad = (dyᵀx)⊙W', () => {
  fc.assert(fc.property(cases, (c) => {
    const { w, x, dy } = build(c);
    const dx = new Tensor(new Float32Array(c.batch * c.inputs).fill(NaN), c.batch, c.inputs);
    kernel.maskedBackwardInput(dy, w, dx);
    for (let b = 0; b < c.batch; b++) {
      for (let i = 0; i < c.inputs; i++) {
        let exact = 0;
        let magnitude = 0;
        for (let o = 0; o < c.outputs; o++) {
          const term = w.mask.get(o * c.inputs + i) ? dy.data[b * c.outputs + o] * w.values[o * c.inputs + i] : 0;
          exact += term;
          magnitude += Math.abs(term);
        }
        assert.ok(Math.abs(dx.data[b * c.inputs + i] - exact) <= bound(c.outputs, magnitude));
      }
    }
    const dW = new Float32Array(w.size);
    const dS = new Float32Array(w.size);
    kernel.maskedWeightGrad(dy, x, w, dW);
    kernel.scoreGrad(dy, x, w, dS);
    for (let o = 0; o < c.outputs; o++) {
      for (let i = 0; i < c.inputs; i++) {
        const at = o * c.inputs + i;
        let exact = 0;
        let magnitude = 0;
        for (let b = 0; b < c.batch; b++) {
          exact += dy.data[b * c.outputs + o] * x.data[b * c.inputs + i];
          magnitude += Math.abs(dy.data[b * c.outputs + o] * x.data[b * c.inputs + i]);
        }
        if (!w.mask.get(at)) assert.equal(dW[at], 0, `dW[${at}] off the mask must be exactly 0`);
        else assert.ok(Math.abs(dW[at] - exact) <= bound(c.batch, magnitude));
        assert.ok(Math.abs(dS[at] - exact * w.values[at]) <= bound(c.batch, magnitude) * Math.abs(w.values[at]) + 1e-12);
      }
    }
  }));
});

test('gemm handles every transpose combination (hand-computed 2×2)', () => {
  const a = Float32Array.of(1, 2, 3, 4); // [[1,2],[3,4]]
  const b = Float32Array.of(5, 6, 7, 8); // [[5,6],[7,8]]
  const c = new Float32Array(4);
  kernel.gemm(false, false, 2, 2, 2, 1, a, b, 0, c);
  assert.deepEqual([...c], [19, 22, 43, 50]);
  kernel.gemm(true, false, 2, 2, 2, 1, a, b, 0, c);
  assert.deepEqual([...c], [26, 30, 38, 44]);
  kernel.gemm(false, true, 2, 2, 2, 1, a, b, 0, c);
  assert.deepEqual([...c], [17, 23, 39, 53]);
  kernel.gemm(true, true, 2, 2, 2, 2, a, b, 1, c);
  assert.deepEqual([...c], [17 + 2 * 23, 23 + 2 * 31, 39 + 2 * 34, 53 + 2 * 46]);
});
