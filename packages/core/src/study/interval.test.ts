// The t quantile against printed t-table values, and the interval against a hand computation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { meanInterval, tQuantile } from './interval.js';

test('two-sided 95 % t quantiles match the t table (df 1, 2, 4, 10, 29, 100)', () => {
  // Student t table, column t.975 (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2)
  const table: Array<[number, number]> = [[1, 12.706], [2, 4.303], [4, 2.776], [10, 2.228], [29, 2.045], [100, 1.984]];
  for (const [dof, expected] of table) assert.ok(Math.abs(tQuantile(0.975, dof) - expected) < 5e-4, `df ${dof}: ${tQuantile(0.975, dof)} vs ${expected}`);
  assert.ok(Math.abs(tQuantile(0.995, 10) - 3.169) < 5e-4, `t.995 df 10: ${tQuantile(0.995, 10)}`);
});

test('the interval of 1..5 is 3 ± 2.776 · 1.5811 / √5', () => {
  const interval = meanInterval([1, 2, 3, 4, 5]);
  assert.equal(interval.n, 5);
  assert.equal(interval.mean, 3);
  assert.ok(Math.abs(interval.sd! - 1.58114) < 1e-5);
  assert.ok(Math.abs(interval.low! - 1.03676) < 1e-4, String(interval.low));
  assert.ok(Math.abs(interval.high! - 4.96324) < 1e-4, String(interval.high));
});

test('one value has a mean but no sd or interval; a NaN makes the interval NaN, not narrower', () => {
  assert.deepEqual(meanInterval([0.5]), { n: 1, mean: 0.5, sd: null, low: null, high: null });
  const withNaN = meanInterval([0.5, Number.NaN, 0.7]);
  assert.equal(withNaN.n, 3);
  assert.ok(Number.isNaN(withNaN.mean) && Number.isNaN(withNaN.low!));
});
