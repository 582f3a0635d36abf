// LITERATURE.md's claims 2 and 5 as properties over sparsity and seed, on the embedded teacher task.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { lifespanProperty } from '@ontogeny/core';
import { loadRegistry } from '@ontogeny/cli';
import { agingSpec, type AgingDraw } from './aging-claims.js';

const registry = await loadRegistry();
const RETUNE_STEPS = 60;
/** Sparsity in hundredths, so a failure shrinks in a few steps to the smallest failing sparsity. */
const draws = (low: number, high: number): fc.Arbitrary<AgingDraw> =>
  fc.record({ sparsity: fc.integer({ min: low, max: high }).map((percent) => percent / 100), seed: fc.integer({ min: 0, max: 9 }) });

/** Claim 2: good subnetworks exist across a band of sparsity — aging with re-tuning keeps ≥ 95 % of dense accuracy. */
function claim2(retuneSteps: number) {
  return lifespanProperty({
    registry,
    arbitrary: draws(30, 60),
    spec: (draw) => agingSpec(draw, retuneSteps),
    claim: (result) => {
      const ratio = result.metric('aging') / result.metric('dense');
      return ratio >= 0.95 || `aging keeps ${(100 * ratio).toFixed(1)} % of dense accuracy (${result.metric('aging')} vs ${result.metric('dense')})`;
    },
  });
}

test('claim 2: for sparsity in [0.3, 0.6] and any seed, aging with re-tuning keeps ≥ 95 % of dense accuracy', async () => {
  await fc.assert(claim2(RETUNE_STEPS), { numRuns: 4, seed: 2026 });
});

test('claim 5: for sparsity in [0.6, 0.95] and any seed, gradual pruning with re-tuning beats one-shot pruning', async () => {
  await fc.assert(lifespanProperty({
    registry,
    arbitrary: draws(60, 95),
    spec: (draw) => agingSpec(draw, RETUNE_STEPS),
    claim: (result) => result.metric('aging') > result.metric('one-shot')
      || `gradual ${result.metric('aging')} ≤ one-shot ${result.metric('one-shot')}`,
  }), { numRuns: 4, seed: 2026 });
});

test('made false on purpose (re-tuning a no-op), claim 2 fails with a shrunk counter-example', async () => {
  const verdict = await fc.check(claim2(0), { numRuns: 4, seed: 2026 });
  assert.equal(verdict.failed, true, 'without re-tuning, aging should lose more than 5 % somewhere in the band');
  const [draw] = verdict.counterexample!;
  console.log(`# counter-example after ${verdict.numShrinks} shrinks: ${JSON.stringify(draw)} — ${String(verdict.errorInstance)}`);
  assert.ok(verdict.numShrinks > 0 || (draw.sparsity === 0.3 && draw.seed === 0), 'the counter-example was shrunk');
});
