// The cost model's layout choices: the measured cases it must get right, and what holds for any mask.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  FEATURE_MAJOR_RATES, MEASURED_RATES, READY, TRAINING, chainCost, chooseActivationLayout, chooseBackward, chooseForward, chooseWeightGrad, forwardCosts,
  type MaskStats,
} from './format-choice.js';

/** A random mask's counts: each of a 4×1 block's entries kept with probability `density`. */
function randomStats(rows: number, cols: number, density: number): MaskStats {
  const kept = Math.round(rows * cols * density);
  const blocks4 = Math.round(Math.ceil(rows / 4) * cols * (1 - (1 - density) ** 4));
  return { rows, cols, kept, blocks4, worstGroup: density > 0 ? 4 : 0 };
}

test('the layouts measured fastest at 512×512, batch 128 (two threads)', () => {
  // Random masks at 90 % and 99 %: CSR 130 and 36 µs, the dense GEMM 436 and 422.
  assert.equal(chooseForward(randomStats(512, 512, 0.1), 128), 'csr');
  assert.equal(chooseForward(randomStats(512, 512, 0.01), 128), 'csr');
  // Structured 4×1 blocks at 70 %: 167–217 µs, against 325 for CSR on a random mask of the same density.
  assert.equal(chooseForward({ rows: 512, cols: 512, kept: 78643, blocks4: 19661, worstGroup: 4 }, 128), 'block4');
  // dx: dense below 70 % sparsity (464 µs against CSC's 756 at 50 %), CSC from there (345 against 480 at 70 %).
  assert.equal(chooseBackward(randomStats(512, 512, 0.5), 128), 'dense');
  assert.equal(chooseBackward(randomStats(512, 512, 0.3), 128), 'csc');
  // dW: the dense GEMM and masked add at 50 % sparsity (570 µs against SDDMM's 737), SDDMM from 70 % (462 against 555).
  assert.equal(chooseWeightGrad(randomStats(512, 512, 0.5), 128), 'dense');
  assert.equal(chooseWeightGrad(randomStats(512, 512, 0.3), 128), 'sddmm');
  assert.equal(chooseWeightGrad(randomStats(512, 512, 0.1), 128), 'sddmm');
});

test('at batch 32, CSR only from 90 % sparsity on layers of 256 outputs and more, as measured', () => {
  // 70 %: CSR 52–229 µs against dense 32–570 (CSR 1.4–1.6× slower); 90 %: CSR 18–413 against dense 32–630.
  for (const [rows, cols] of [[256, 256], [512, 512], [1024, 1024], [300, 784]]) {
    assert.notEqual(chooseForward(randomStats(rows, cols, 0.3), 32), 'csr', `${rows}×${cols} at 70 %`);
    assert.equal(chooseForward(randomStats(rows, cols, 0.1), 32), 'csr', `${rows}×${cols} at 90 %`);
  }
});

const shape = fc.record({
  rows: fc.integer({ min: 1, max: 2048 }),
  cols: fc.integer({ min: 1, max: 2048 }),
  batch: fc.integer({ min: 1, max: 1024 }),
});

test('keeping fewer entries never turns a sparse choice back to dense', () => {
  fc.assert(fc.property(shape, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }),
    ({ rows, cols, batch }, a, b) => {
      const [sparser, denser] = [randomStats(rows, cols, Math.min(a, b)), randomStats(rows, cols, Math.max(a, b))];
      if (chooseForward(denser, batch) !== 'dense') assert.notEqual(chooseForward(sparser, batch), 'dense');
      if (chooseBackward(denser, batch) === 'csc') assert.equal(chooseBackward(sparser, batch), 'csc');
      if (chooseWeightGrad(denser, batch) === 'sddmm') assert.equal(chooseWeightGrad(sparser, batch), 'sddmm');
    }));
});

test('a full mask runs on the dense GEMM forward and backward at every shape, batch and upkeep', () => {
  // 4×1 blocks holding every product had taken the encoder's dense FFN forwards: 8.2–8.9 ms against 6.1–6.5.
  fc.assert(fc.property(shape, fc.constantFrom(READY, TRAINING), ({ rows, cols, batch }, upkeep) => {
    const full = { rows, cols, kept: rows * cols, blocks4: Math.ceil(rows / 4) * cols, worstGroup: 4 };
    assert.equal(chooseForward(full, batch, null, MEASURED_RATES, upkeep), 'dense');
    assert.equal(chooseForward(full, batch, null, FEATURE_MAJOR_RATES, upkeep), 'dense');
    assert.equal(chooseBackward(full, batch, MEASURED_RATES, upkeep), 'dense');
  }));
});

test('2:4 packing only for masks it holds, a preferred layout whenever it can hold the mask, dense beyond 16-bit indices', () => {
  fc.assert(fc.property(shape, fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 4 }),
    ({ rows, cols, batch }, density, worstGroup) => {
      const stats = { ...randomStats(rows, cols, density), worstGroup };
      assert.equal(Number.isFinite(forwardCosts(stats, batch).nm24), worstGroup <= 2);
      if (worstGroup > 2) assert.notEqual(chooseForward(stats, batch), 'nm24');
      assert.equal(chooseForward(stats, batch, 'csr'), 'csr');
      assert.equal(chooseForward(stats, batch, 'nm24'), worstGroup <= 2 ? 'nm24' : chooseForward(stats, batch));
    }));
  assert.equal(chooseForward(randomStats(65537, 4, 0.01), 128), 'dense');
});

/** LeNet-300-100's hidden layers (784 → 300 → 100) at one density, in training. */
const lenet = (density: number) => [randomStats(300, 784, density), randomStats(100, 300, density)]
  .map((stats) => ({ stats, upkeep: TRAINING }));

test('activations go feature-major for a sparse chain in training, and stay batch-major for a dense one', () => {
  assert.equal(chooseActivationLayout(lenet(0.03), 128, 784), 'feature-major');
  assert.equal(chooseActivationLayout(lenet(0.1), 128, 784), 'feature-major');
  assert.equal(chooseActivationLayout(lenet(1), 128, 784), 'batch-major');
  assert.equal(chooseActivationLayout([], 128, 784), 'batch-major');
});

test('feature-major costs the batch-major chain less the transposes its sparse products skip, plus those at its ends', () => {
  fc.assert(fc.property(shape, fc.double({ min: 0, max: 1, noNaN: true }), ({ rows, cols, batch }, density) => {
    const layer = { stats: randomStats(rows, cols, density), upkeep: READY };
    const ends = batch * (cols + 2 * rows) / FEATURE_MAJOR_RATES.transpose;
    // A chain of one layer with no input gradient: its forward and weight gradient at their cheapest either way.
    const featureMajor = chainCost([layer], batch, cols, 'feature-major');
    const batchMajor = chainCost([layer], batch, cols, 'batch-major');
    assert.ok(featureMajor <= batchMajor + ends + 1e-6 * batchMajor, `${featureMajor} vs ${batchMajor} + ${ends}`);
    assert.ok(featureMajor >= ends, `${featureMajor} below the transposes at the ends, ${ends}`);
    const sparse = Math.min(...Object.entries(forwardCosts(layer.stats, batch, FEATURE_MAJOR_RATES))
      .filter(([format]) => format !== 'dense').map(([, cost]) => cost));
    if (Number.isFinite(sparse) && rows <= 65536) {
      assert.ok(sparse <= Math.min(...Object.entries(forwardCosts(layer.stats, batch))
        .filter(([format]) => format !== 'dense').map(([, cost]) => cost)), 'a sparse product without transposes costs no more');
    }
  }));
});
