// dropAndRegrow: density unchanged, regrown weights from zero, a re-chosen dropped connection untouched.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RegrowthRule } from '../plugin/contracts/regrowth.js';
import { Rng } from '../tensor/rng.js';
import { MaskedParameter } from './masked-parameter.js';
import { dropAndRegrow } from './regrow.js';

/** Brings back the removed entries with the largest given scores (a RigL stand-in without gradients). */
function byScore(scores: number[]): RegrowthRule {
  return {
    needsDenseGrad: false,
    choose: (w, count) => Int32Array.from(
      scores.map((s, i) => [s, i]).filter(([, i]) => w.removed.get(i)).sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, count).map(([, i]) => i),
    ).sort(),
  };
}

describe('dropAndRegrow', () => {
  it('drops the least important kept connections and regrows as many, new ones at 0', () => {
    const w = new MaskedParameter('fc.weight', 1, 8, Float32Array.of(0.9, -0.1, 0.5, 0.05, 0.7, 0.2, 0.3, 0.4));
    w.remove([6, 7]);
    const importance = Float32Array.from(w.values, Math.abs);
    const [update] = dropAndRegrow([w], [importance], 1 / 3, byScore([0, 0, 0, 0, 0, 0, 5, 4]), Rng.derive(0, 't'));
    assert.deepEqual([...update.dropped], [1, 3]);
    assert.deepEqual([...update.regrown], [6, 7]);
    assert.equal(w.keptCount(), 6);
    assert.equal(w.values[6], 0);
    assert.equal(w.values[7], 0);
    assert.ok(w.removed.get(1) && w.removed.get(3));
  });
  it('a dropped connection chosen again keeps its value and is not reported as new', () => {
    const w = new MaskedParameter('fc.weight', 1, 4, Float32Array.of(0.9, -0.1, 0.5, 0.7));
    w.remove([3]);
    const [update] = dropAndRegrow([w], [Float32Array.of(4, 1, 3, 0)], 0.34, byScore([0, 9, 0, 1]), Rng.derive(0, 't'));
    assert.deepEqual([...update.dropped], []);
    assert.deepEqual([...update.regrown], []);
    assert.equal(w.values[1], Math.fround(-0.1));
    assert.ok(w.mask.get(1) && !w.mask.get(3));
  });
});
