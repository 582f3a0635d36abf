// The accuracy matrix's summary figures, against values worked out by hand.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { continualFigures } from './continual-result.js';

const close = (actual: number | null, expected: number) => assert.ok(actual !== null && Math.abs(actual - expected) < 1e-12, `${actual} ≠ ${expected}`);

test('average accuracy, backward transfer and forgetting of a full matrix', () => {
  const figures = continualFigures([
    [0.9],
    [0.7, 0.8],
    [0.8, 0.6, 0.95],
  ]);
  close(figures.averageAccuracy, (0.8 + 0.6 + 0.95) / 3);
  // BWT: (R[2][0] − R[0][0] + R[2][1] − R[1][1]) / 2 = (−0.1 − 0.2) / 2
  close(figures.backwardTransfer, -0.15);
  // Forgetting: task 0 peaked at 0.9 (after task 0) → 0.1; task 1 peaked at 0.8 → 0.2
  close(figures.forgetting, 0.15);
});

test('forgetting counts the best earlier accuracy, not the first; backward transfer only the first', () => {
  const figures = continualFigures([[0.5], [0.9, 0.7], [0.6, 0.7, 0.8]]);
  close(figures.backwardTransfer, (0.6 - 0.5 + 0) / 2);
  close(figures.forgetting, (0.9 - 0.6 + 0) / 2);
});

test('a matrix measured only on its diagonal and last row, and a single task', () => {
  const figures = continualFigures([[0.9], [null, 0.8], [0.85, 0.8, 0.7]]);
  close(figures.backwardTransfer, (-0.05 + 0) / 2);
  close(figures.forgetting, (0.05 + 0) / 2);
  const single = continualFigures([[0.75]]);
  close(single.averageAccuracy, 0.75);
  assert.equal(single.backwardTransfer, null);
  assert.equal(single.forgetting, null);
  assert.throws(() => continualFigures([[0.9], [null, 0.8]]), /R\[1\]\[0\]/);
});
