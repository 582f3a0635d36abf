// The Kernel contract's softmaxCrossEntropy on every backend, against float64 values computed here from the
// log-sum-exp definition: the loss within a few float64 ulps (each backend has its own exp and log), the gradient within
// one float32 rounding of a float64 value good to C ulps, counts exact. Shapes, logits and labels are drawn anew each run (the seed is printed).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { kernelsUnderTest } from './backends.js';
import { propertySeed } from '../robustness/property-seed.js';

const seen = new Set<string>();
const kernels = kernelsUnderTest().filter(({ isa }) => !seen.has(isa) && seen.add(isa) !== undefined);
const runs = { numRuns: 40, seed: propertySeed('softmax cross-entropy', 'tests/kernel/softmax-cross-entropy.test.ts') };

interface Expected {
  readonly lossSum: number;
  readonly correct: number;
  readonly counted: number;
  readonly dLogits: Float64Array;
}

/** −log softmax at the label via log Σ exp, the gradient (p − onehot) / counted, and the first arg-max's hits. */
function expected(logits: Float32Array, rows: number, cols: number, labels: Int32Array): Expected {
  const counted = labels.filter((label) => label >= 0).length;
  const dLogits = new Float64Array(rows * cols);
  let lossSum = 0;
  let correct = 0;
  for (let r = 0; r < rows; r++) {
    if (labels[r]! < 0) continue;
    const row = Array.from(logits.subarray(r * cols, (r + 1) * cols));
    const largest = Math.max(...row);
    const logSumExp = largest + Math.log(row.reduce((sum, l) => sum + Math.exp(l - largest), 0));
    lossSum += logSumExp - row[labels[r]!]!;
    if (row.indexOf(largest) === labels[r]) correct++;
    row.forEach((l, c) => { dLogits[r * cols + c] = (Math.exp(l - logSumExp) - (c === labels[r] ? 1 : 0)) / counted; });
  }
  return { lossSum, correct, counted, dLogits };
}

const problem = fc.record({
  rows: fc.integer({ min: 0, max: 40 }),
  cols: fc.constantFrom(1, 2, 3, 10, 17, 64, 1000),
  scale: fc.constantFrom(1, 10, 80),
  ignored: fc.double({ min: 0, max: 1, noNaN: true }),
  seed: fc.integer(),
}).map(({ rows, cols, scale, ignored, seed }) => {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const logits = Float32Array.from({ length: rows * cols }, () => scale * (2 * next() - 1));
  const labels = Int32Array.from({ length: rows }, () => (next() < ignored ? -1 : Math.floor(next() * cols)));
  return { rows, cols, logits, labels };
});

describe('Kernel softmaxCrossEntropy', () => {
  for (const { label, kernel } of kernels) {
    describe(label, () => {
      it('gives the loss, the hits and the gradient of the definition; ignored rows count nothing and get 0', () => {
        fc.assert(fc.property(problem, ({ rows, cols, logits, labels }) => {
          const dLogits = new Float32Array(rows * cols).fill(NaN);
          const sums = kernel.softmaxCrossEntropy(logits, rows, cols, labels, dLogits);
          const want = expected(logits, rows, cols, labels);
          assert.equal(sums.counted, want.counted);
          assert.equal(sums.correct, want.correct);
          // Each row's loss is within a few ulps of its log Σ exp; the sum over ≤ 40 rows adds that many roundings
          assert.ok(Math.abs(sums.lossSum - want.lossSum) <= 1e-13 * (1 + Math.abs(want.lossSum)) * (1 + rows),
            `loss sum ${sums.lossSum}, expected ${want.lossSum}`);
          // One float32 rounding, beside the float64 error of p (s sums C terms; l − m and log s + m are rounded at the
          // logits' magnitude), which survives p − 1 at the label
          const magnitude = logits.reduce((largest, l) => Math.max(largest, Math.abs(l)), 0);
          const float64Error = (cols + 4 + 4 * magnitude) * 2 ** -52 / Math.max(1, want.counted);
          for (let i = 0; i < rows * cols; i++) {
            const bound = 2 ** -23 * Math.abs(want.dLogits[i]!) + float64Error;
            assert.ok(Math.abs(dLogits[i]! - want.dLogits[i]!) <= bound, `dLogits[${i}] = ${dLogits[i]}, expected ${want.dLogits[i]}`);
          }
        }), runs);
      });

      it('refuses a label that is not a class, naming the row', () => {
        const logits = new Float32Array(6);
        assert.throws(() => kernel.softmaxCrossEntropy(logits, 2, 3, Int32Array.of(0, 3), new Float32Array(6)),
          (error: Error) => error instanceof RangeError && /row 1's label 3 is not one of the 3 classes/.test(error.message));
      });
    });
  }
});
