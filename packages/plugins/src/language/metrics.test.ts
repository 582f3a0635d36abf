// Hand-computed cases of F1 and Matthews correlation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { confusion, constantBaselines, f1Score, matthewsCorrelation } from './metrics.js';

// predicted 1 1 0 0 1 0 1 0, labels 1 0 0 1 1 0 1 1: TP 3, FP 1, TN 2, FN 2
const predicted = [1, 1, 0, 0, 1, 0, 1, 0];
const labels = [1, 0, 0, 1, 1, 0, 1, 1];

test('confusion counts', () => {
  assert.deepEqual(confusion(predicted, labels), { tp: 3, fp: 1, tn: 2, fn: 2 });
});

test('F1 = 2·3 / (2·3 + 1 + 2) = 2/3', () => {
  assert.ok(Math.abs(f1Score(predicted, labels) - 2 / 3) < 1e-12);
});

test('MCC = (3·2 − 1·2) / √(4·5·3·4) = 4/√240', () => {
  assert.ok(Math.abs(matthewsCorrelation(predicted, labels) - 4 / Math.sqrt(240)) < 1e-12);
});

test('perfect, inverted and constant predictors', () => {
  assert.equal(matthewsCorrelation(labels, labels), 1);
  assert.equal(matthewsCorrelation(labels.map((l) => 1 - l), labels), -1);
  assert.equal(matthewsCorrelation(labels.map(() => 1), labels), 0);
  assert.equal(f1Score(labels, labels), 1);
  assert.equal(f1Score(labels.map(() => 0), labels), 0);
  assert.ok(Math.abs(f1Score(labels.map(() => 1), labels) - 10 / 13) < 1e-12); // TP 5, FP 3: 10/13
});

test('labels of −1 are skipped', () => {
  assert.deepEqual(confusion([1, 0, 1], [1, -1, 0]), { tp: 1, fp: 1, tn: 0, fn: 0 });
});

test('constant predictors: majority 5/8, always-positive F1 = 2·5 / (2·5 + 3) = 10/13, MCC 0; ignored labels skipped', () => {
  assert.deepEqual(constantBaselines(labels, 2), { 'majority accuracy': 5 / 8, 'always-positive F1': 10 / 13, 'constant MCC': 0 });
  assert.deepEqual(constantBaselines([2, 2, 0, -1], 3), { 'majority accuracy': 2 / 3 });
});
