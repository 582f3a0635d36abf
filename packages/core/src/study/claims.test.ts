// Claims judged by interval ends over paired seeds: each kind passing and failing on made-up results.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluateClaims } from './claims.js';
import type { RunRow } from './study-results.js';
import type { ClaimSpec } from './study-spec.js';

/** Runs at bits 2, 4, 8 over seeds 0–3: dense accuracy d, mask accuracy d − gap, quantized accuracy by bits. */
function rows(): RunRow[] {
  const dense = [0.90, 0.92, 0.91, 0.89];
  const quantized: Record<number, number[]> = { 2: [0.60, 0.62, 0.58, 0.61], 4: [0.85, 0.86, 0.84, 0.86], 8: [0.86, 0.86, 0.85, 0.85] };
  return [2, 4, 8].flatMap((bits) => dense.map((d, seed) => ({
    point: { axes: { bits }, patch: {} }, seed, run: `r-${bits}-${seed}`, status: 'completed' as const,
    metrics: { 'dense/accuracy': d, 'mask/accuracy': d - 0.01 - seed * 0.002, 'probe/accuracy': d - 0.1, 'quantized/accuracy': quantized[bits][seed] },
  })));
}

const at8 = (phase: string) => ({ phase, metric: 'accuracy', at: { bits: 8 } });

test('a ratio above a bound holds by the lower end of its interval, not its mean', () => {
  const claims: ClaimSpec[] = [
    { name: 'keeps 97 %', kind: 'ratio', of: at8('mask'), to: at8('dense'), above: 0.97 },
    { name: 'keeps 98.3 %', kind: 'ratio', of: at8('mask'), to: at8('dense'), above: 0.983 },
  ];
  const [holds, fails] = evaluateClaims(claims, rows());
  assert.equal(holds.holds, true, holds.checks[0].test);
  assert.equal(fails.holds, false);
  const check = fails.checks[0];
  assert.ok(check.mean > 0.983 && check.low! < 0.983, `mean ${check.mean} above the bound, lower end ${check.low} below it`);
  assert.match(check.test, /^lower end 0\.98\d+ > 0\.983$/);
});

test('a difference below a bound, an ordering, a range', () => {
  const results = evaluateClaims([
    { name: 'mask within 2 points', kind: 'difference', of: at8('dense'), minus: at8('mask'), below: 0.02 },
    { name: 'dense > mask > probe', kind: 'order', items: [at8('dense'), at8('mask'), at8('probe')], margin: 0 },
    { name: 'probe > dense', kind: 'order', items: [at8('probe'), at8('dense')], margin: 0 },
    { name: 'dense in [0.85, 0.95]', kind: 'range', metric: at8('dense'), min: 0.85, max: 0.95 },
    { name: 'dense in [0.905, 0.95]', kind: 'range', metric: at8('dense'), min: 0.905, max: 0.95 },
  ], rows());
  assert.deepEqual(results.map((result) => result.holds), [true, true, false, true, false]);
  assert.equal(results[1].checks.length, 2, 'one paired difference per consecutive pair');
});

test('monotone in a dose: a flat top passes within its tolerance, a strict claim fails on it', () => {
  const metric = { phase: 'quantized', metric: 'accuracy' };
  const [tolerant, strict, decreasing, fromFour] = evaluateClaims([
    { name: 'non-decreasing', kind: 'monotone', metric, axis: 'bits', direction: 'increasing', tolerance: 0.02, strict: false },
    { name: 'strictly increasing', kind: 'monotone', metric, axis: 'bits', direction: 'increasing', tolerance: 0, strict: true },
    { name: 'decreasing', kind: 'monotone', metric, axis: 'bits', direction: 'decreasing', tolerance: 0, strict: false },
    { name: 'strictly increasing from 4 bits', kind: 'monotone', metric, axis: 'bits', direction: 'increasing', tolerance: 0, strict: true, minDose: 4 },
  ], rows());
  assert.deepEqual(tolerant.checks.map((check) => check.passed), [true, true]);
  assert.deepEqual(strict.checks.map((check) => check.passed), [true, false]);
  assert.equal(decreasing.holds, false);
  assert.deepEqual(fromFour.checks.map((check) => check.label), ['quantized/accuracy at bits=8 − at bits=4'], 'only the doses in [minDose, maxDose]');
  assert.match(tolerant.checks[0].label, /at bits=4 − at bits=2/);
});

test('a claim with fewer than two paired seeds fails and says why', () => {
  const one = rows().filter((row) => row.seed === 0);
  const [result] = evaluateClaims([{ name: 'r', kind: 'ratio', of: at8('mask'), to: at8('dense'), above: 0.5 }], one);
  assert.equal(result.holds, false);
  assert.match(result.checks[0].test, /no interval from 1 paired seed/);
});
