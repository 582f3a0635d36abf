// Regrowth rules: SET at random among removed connections, RigL by the largest dense gradient.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MaskedParameter, Rng, type RegrowthRule } from '@ontogeny/core';
import { regrowthPlugins } from './index.js';

function rule(name: string): RegrowthRule {
  return regrowthPlugins.find((p) => p.name === name)!.create({} as never, { seed: 0 }) as RegrowthRule;
}

describe('regrowth', () => {
  it('rigl: the removed entries with the largest |dL/dw|, ties to the lowest index', () => {
    const w = new MaskedParameter('fc.weight', 1, 6);
    w.remove([1, 2, 4, 5]);
    w.denseGrad = Float32Array.of(9, -0.5, 0.1, 9, 0.5, -3);
    assert.deepEqual([...rule('rigl').choose(w, 2, Rng.derive(0, 'g'))], [1, 5]);
    assert.ok(rule('rigl').needsDenseGrad);
  });
  it('rigl without a dense gradient says what the phase must do', () => {
    const w = new MaskedParameter('fc.weight', 1, 2);
    w.remove([0]);
    assert.throws(() => rule('rigl').choose(w, 1, Rng.derive(0, 'g')), /denseGrad/);
  });
  it('set: distinct removed entries only, as many as asked or available, reproducible (property)', () => {
    fc.assert(fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 200 }), fc.nat(250), fc.integer(), (gone, count, seed) => {
      const w = new MaskedParameter('fc.weight', 1, gone.length);
      w.remove(gone.flatMap((g, i) => (g ? [i] : [])));
      const chosen = rule('set').choose(w, count, Rng.derive(seed, 'grow'));
      assert.equal(chosen.length, Math.min(count, w.removed.count()));
      assert.equal(new Set(chosen).size, chosen.length);
      assert.ok([...chosen].every((i) => w.removed.get(i)));
      assert.deepEqual(chosen, rule('set').choose(w, count, Rng.derive(seed, 'grow')));
    }), { numRuns: 200 });
  });
});
