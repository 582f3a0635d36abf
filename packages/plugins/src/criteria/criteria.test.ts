// Pruning criteria pinned on small layers: |w|, random, |s|, movement −Σ w·g, Taylor |mean w·g|.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MaskedParameter, Parameter, Rng, type PruningCriterion } from '@ontogeny/core';
import { criterionPlugins } from './index.js';

function criterion(name: string, options: Record<string, unknown> = {}): PruningCriterion {
  return criterionPlugins.find((p) => p.name === name)!.create({ scope: 'layer', ...options } as never, { seed: 0 }) as PruningCriterion;
}

function layer(values: number[]): MaskedParameter {
  return new MaskedParameter('fc.weight', 1, values.length, Float32Array.from(values));
}

const rng = () => Rng.derive(0, 'criterion');

describe('criteria', () => {
  it('magnitude: |w|, and carries its scope', () => {
    assert.deepEqual([...criterion('magnitude').importance(layer([0.5, -2, 0]), rng())], [0.5, 2, 0]);
    assert.equal(criterion('magnitude', { scope: 'global' }).scope, 'global');
  });
  it('random: uniform in [0, 1), the same for the same stream', () => {
    const w = layer([1, 2, 3, 4]);
    const first = criterion('random').importance(w, rng());
    assert.deepEqual(first, criterion('random').importance(w, rng()));
    assert.ok(first.every((v) => v >= 0 && v < 1));
  });
  it('score: |s|, or s when signed; a layer without scores is an error', () => {
    const w = layer([1, 2, 3]);
    assert.throws(() => criterion('score', { signed: false }).importance(w, rng()), /no mask-learning scores/);
    w.scores = new Parameter('fc.weight.scores', [1, 3], Float32Array.of(-0.5, 0.25, 0));
    assert.deepEqual([...criterion('score', { signed: false }).importance(w, rng())], [0.5, 0.25, 0]);
    assert.deepEqual([...criterion('score', { signed: true }).importance(w, rng())], [-0.5, 0.25, 0]);
  });
  it('movement: −Σ_t w·g over the observed steps; taylor: |mean w·g|, reset after each event', () => {
    const w = layer([1, -2]);
    const movement = criterion('movement');
    const taylor = criterion('taylor');
    for (const g of [[0.5, 0.5], [-1, 0.25]]) {
      w.grad.set(g);
      movement.observe!(w);
      taylor.observe!(w);
    }
    // Σ g·w = [0.5 − 1, −1 − 0.5] = [−0.5, −1.5]
    assert.deepEqual([...movement.importance(w, rng())], [0.5, 1.5]);
    assert.deepEqual([...taylor.importance(w, rng())], [0.25, 0.75]);
    assert.deepEqual([...taylor.importance(w, rng())], [1, 2], 'after an event Taylor starts over (|w| until it observes again)');
  });
  it('under structure learning the score gradient g ⊙ W is the product observed', () => {
    const w = layer([1, -2]);
    w.learning = 'structure';
    w.scores = new Parameter('fc.weight.scores', [1, 2]);
    w.scores.grad.set([0.3, -0.4]);
    const movement = criterion('movement');
    movement.observe!(w);
    assert.deepEqual([...movement.importance(w, rng())], [-0.3, 0.4].map(Math.fround));
  });
  it('before anything is observed, movement ranks by |w|', () => {
    assert.deepEqual([...criterion('movement').importance(layer([-3, 1]), rng())], [3, 1]);
  });
});
