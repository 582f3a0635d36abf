// LITERATURE.md's claims 2 and 5 as properties over sparsity and seed on the embedded teacher task, new draws every run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { runSpec } from '@ontogeny/core';
import { lifespanProperty } from '@ontogeny/core/robustness';
import { loadRegistry } from '@ontogeny/cli';
import { agingSpec, type AgingDraw } from './aging-claims.js';
import { propertySeed } from './property-seed.js';

const registry = await loadRegistry();
const RETUNE_STEPS = 60;
/** Any model seed: the claims are about every initialisation and data order, not a few. */
const anySeed = fc.nat(1_000_000);
/** Sparsity in hundredths, so a failure shrinks in a few steps to the smallest failing sparsity. */
const sparsityIn = (low: number, high: number) => fc.integer({ min: low, max: high }).map((percent) => percent / 100);
const draws = (low: number, high: number): fc.Arbitrary<AgingDraw> => fc.record({ sparsity: sparsityIn(low, high), seed: anySeed });

/** Claim 2's statement: aging with `retuneSteps` of re-tuning per event keeps ≥ 95 % of dense accuracy, for sparsity in [low, high] %. */
function subnetworkClaim(low: number, high: number, retuneSteps: number) {
  return lifespanProperty({
    registry,
    arbitrary: draws(low, high),
    spec: (draw) => agingSpec(draw, retuneSteps),
    claim: (result) => {
      const ratio = result.metric('aging') / result.metric('dense');
      return ratio >= 0.95 || `aging keeps ${(100 * ratio).toFixed(1)} % of dense accuracy (${result.metric('aging')} vs ${result.metric('dense')})`;
    },
  });
}

test('claim 2, its harmless band: for sparsity in [0.3, 0.4] and any seed, aging with re-tuning keeps ≥ 95 % of dense accuracy', async () => {
  await fc.assert(subnetworkClaim(30, 40, RETUNE_STEPS), { numRuns: 6, seed: propertySeed('claim 2') });
});

test('claim 5: for sparsity in [0.9, 0.95], over three random seeds, gradual pruning with re-tuning beats one-shot pruning given the same re-tuning budget', async () => {
  const arbitrary = fc.record({ sparsity: sparsityIn(90, 95), seeds: fc.uniqueArray(anySeed, { minLength: 3, maxLength: 3 }) });
  await fc.assert(fc.asyncProperty(arbitrary, async ({ sparsity, seeds }) => {
    const differences: number[] = [];
    for (const seed of seeds) {
      const result = await runSpec(agingSpec({ sparsity, seed }, RETUNE_STEPS), registry, { kernel: 'reference' });
      // The control is fair: one-shot re-tunes for as many steps as gradual does over all its events
      assert.equal(result.phases.get('one-shot')!.steps, result.phases.get('aging')!.steps);
      differences.push(result.metric('aging') - result.metric('one-shot'));
    }
    const mean = differences.reduce((a, b) => a + b, 0) / differences.length;
    assert.ok(mean > 0, `gradual − one-shot at sparsity ${sparsity}: ${differences.map((d) => d.toFixed(3)).join(', ')} (mean ${mean.toFixed(4)})`);
  }), { numRuns: 3, seed: propertySeed('claim 5') });
});

test('made false on purpose (re-tuning a no-op, at 90–95 % sparsity), claim 2 fails and shrinks toward the band\'s low end', async () => {
  const verdict = await fc.check(subnetworkClaim(90, 95, 0), { numRuns: 3, seed: propertySeed('claim 2 made false') });
  assert.equal(verdict.failed, true, 'without re-tuning, aging to 90 % should lose more than 5 % of dense accuracy');
  const [draw] = verdict.counterexample!;
  console.log(`# counter-example after ${verdict.numShrinks} shrinks: ${JSON.stringify(draw)} — ${String(verdict.errorInstance)}`);
  assert.equal(draw.sparsity, 0.9, 'every sparsity of the band fails, so shrinking ends at its low end');
});
