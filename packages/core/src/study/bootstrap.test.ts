// The exact accuracy bootstrap against binomial quantiles (SciPy's binom.ppf) and against resampling itself.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../tensor/rng.js';
import { accuracyBootstrap } from './bootstrap.js';

test('the interval ends are the 2.5 % and 97.5 % binomial quantiles over n (values from scipy.stats.binom.ppf)', () => {
  const cases: Array<[number, number, number, number]> = [[0.9, 1000, 881, 918], [0.5, 100, 40, 60], [0.7312, 5000, 3594, 3717]];
  for (const [accuracy, examples, low, high] of cases) {
    const interval = accuracyBootstrap(accuracy, examples);
    assert.equal(interval.low, low / examples, `${accuracy} of ${examples}: low`);
    assert.equal(interval.high, high / examples, `${accuracy} of ${examples}: high`);
    assert.equal(interval.n, 1);
  }
  assert.deepEqual([accuracyBootstrap(1, 50).low, accuracyBootstrap(0, 50).high], [1, 0], 'a perfect or null score has no spread to resample');
});

test('resampling 1000 test outcomes 4000 times lands within 0.004 of the exact ends', () => {
  const outcomes = Array.from({ length: 1000 }, (_, i) => (i < 850 ? 1 : 0));
  const rng = Rng.derive(7, 'bootstrap-check');
  const means = Array.from({ length: 4000 }, () => {
    let correct = 0;
    for (let i = 0; i < outcomes.length; i++) correct += outcomes[rng.int(outcomes.length)];
    return correct / outcomes.length;
  }).sort((a, b) => a - b);
  const exact = accuracyBootstrap(0.85, 1000);
  assert.ok(Math.abs(means[Math.floor(0.025 * means.length)] - exact.low!) <= 0.004, `low ${means[100]} vs ${exact.low}`);
  assert.ok(Math.abs(means[Math.floor(0.975 * means.length)] - exact.high!) <= 0.004, `high ${means[3900]} vs ${exact.high}`);
});
