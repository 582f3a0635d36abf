// pruneToSparsity pinned on small layers by hand, and its invariants (exact counts, no revival, N:M, blocks) as properties.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MaskedParameter } from './masked-parameter.js';
import { erkSparsities, pruneToSparsity, type PruneOptions } from './prune.js';

const layerwise: PruneOptions = { scope: 'layer', distribution: 'uniform', structure: 'unstructured' };

function layer(rows: number, cols: number): MaskedParameter {
  return new MaskedParameter('fc.weight', rows, cols);
}

function removedBits(w: MaskedParameter): number[] {
  return Array.from({ length: w.size }, (_, i) => Number(w.removed.get(i)));
}

describe('pruneToSparsity', () => {
  it('removes exactly round(target·n) of the least important, ties to the lowest index', () => {
    const w = layer(1, 8);
    const removed = pruneToSparsity([w], [Float32Array.of(5, 1, 3, 1, 9, 0.5, 7, 2)], 0.4, layerwise);
    assert.deepEqual(removed, [3]);
    assert.deepEqual(removedBits(w), [0, 1, 0, 1, 0, 1, 0, 0]);
    assert.equal(w.keptCount(), 5);
  });
  it('takes connections already off the mask first, least important first', () => {
    const w = layer(1, 6);
    w.mask.set(4, false);
    w.mask.set(5, false);
    pruneToSparsity([w], [Float32Array.of(1, 2, 3, 4, 9, 8)], 0.5, layerwise);
    assert.deepEqual(removedBits(w), [1, 0, 0, 0, 1, 1]);
  });
  it('counts what was removed before: a lower target removes nothing', () => {
    const w = layer(1, 4);
    w.remove([0, 1]);
    assert.deepEqual(pruneToSparsity([w], [Float32Array.of(1, 1, 1, 1)], 0.25, layerwise), [0]);
  });
  it('global scope ranks all layers together', () => {
    const a = layer(1, 4);
    const b = layer(1, 4);
    const removed = pruneToSparsity([a, b], [Float32Array.of(1, 2, 3, 4), Float32Array.of(0.1, 0.2, 5, 6)], 0.5,
      { ...layerwise, scope: 'global' });
    assert.deepEqual(removed, [2, 2]);
    assert.deepEqual(removedBits(a), [1, 1, 0, 0]);
    assert.deepEqual(removedBits(b), [1, 1, 0, 0]);
  });
  it('2:4 keeps the two most important of every four inputs, then prunes further if asked', () => {
    const w = layer(1, 8);
    pruneToSparsity([w], [Float32Array.of(4, 1, 3, 2, 0.1, 0.2, 0.4, 0.3)], 0, { ...layerwise, structure: 'nm-2:4' });
    assert.deepEqual(removedBits(w), [0, 1, 0, 1, 1, 1, 0, 0]);
    pruneToSparsity([w], [Float32Array.of(4, 1, 3, 2, 0.1, 0.2, 0.4, 0.3)], 0.75, { ...layerwise, structure: 'nm-2:4' });
    assert.deepEqual(removedBits(w), [0, 1, 0, 1, 1, 1, 1, 1]);
  });
  it('4×1 blocks: whole columns of four outputs go together', () => {
    const w = layer(4, 3);
    const importance = Float32Array.of(1, 9, 5, 1, 9, 5, 1, 9, 5, 1, 9, 5);
    assert.deepEqual(pruneToSparsity([w], [importance], 0.5, { ...layerwise, structure: 'block-4x1' }), [8]);
    assert.deepEqual(removedBits(w), [1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1]);
  });
  it('ERK gives sparser big square layers, caps a density at 1 and re-solves', () => {
    // raw densities (n_in + n_out)/(n_in·n_out): 10×10 → 0.2, 1×100 → 1.01; both hold 100 weights.
    const layers = [{ rows: 10, cols: 10 }, { rows: 1, cols: 100 }];
    const half = erkSparsities(layers, 0.5); // ε = 100 / 121
    assert.ok(Math.abs(half[0] - (1 - 0.2 * 100 / 121)) < 1e-12 && Math.abs(half[1] - (1 - 1.01 * 100 / 121)) < 1e-12);
    const light = erkSparsities(layers, 0.1); // ε·1.01 > 1: the second stays dense, ε = 80 / 20
    assert.ok(Math.abs(light[0] - 0.2) < 1e-12);
    assert.equal(light[1], 0);
  });
  it('refuses global scope with ERK', () => {
    assert.throws(() => pruneToSparsity([layer(1, 4)], [new Float32Array(4)], 0.5, { scope: 'global', distribution: 'erk', structure: 'unstructured' }), RangeError);
  });
});

describe('pruneToSparsity properties', () => {
  const scenario = fc.record({
    shapes: fc.array(fc.record({ rows: fc.integer({ min: 1, max: 9 }), cols: fc.integer({ min: 1, max: 13 }) }), { minLength: 1, maxLength: 3 }),
    targets: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 }),
    scope: fc.constantFrom('layer' as const, 'global' as const),
    distribution: fc.constantFrom('uniform' as const, 'erk' as const),
    structure: fc.constantFrom('unstructured' as const, 'block-4x1' as const, 'nm-2:4' as const),
    seed: fc.integer(),
  }).filter((s) => !(s.scope === 'global' && s.distribution === 'erk'));

  it('never revives a connection; unstructured uniform reaches exactly round(target·n); N:M holds 2 of 4', () => {
    fc.assert(fc.property(scenario, ({ shapes, targets, scope, distribution, structure, seed }) => {
      const layers = shapes.map(({ rows, cols }) => layer(rows, cols));
      let state = seed >>> 0;
      const next = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) % 7); // few distinct values: many ties
      layers.forEach((w) => { for (let i = 0; i < w.size; i++) if (next() === 0) w.mask.set(i, false); });
      for (const target of targets) {
        const before = layers.map((w) => ({ removed: w.removed.copy(), mask: w.mask.copy() }));
        const importance = layers.map((w) => Float32Array.from({ length: w.size }, next));
        const counts = pruneToSparsity(layers, importance, target, { scope, distribution, structure });
        layers.forEach((w, l) => {
          for (let i = 0; i < w.size; i++) {
            if (before[l].removed.get(i)) assert.ok(w.removed.get(i), 'a removed connection came back');
            if (w.mask.get(i)) assert.ok(before[l].mask.get(i), 'a connection joined the mask');
            assert.ok(!(w.mask.get(i) && w.removed.get(i)));
          }
          assert.equal(counts[l], w.removed.count() - before[l].removed.count());
        });
        const n = layers.reduce((s, w) => s + w.size, 0);
        const gone = layers.reduce((s, w) => s + w.removed.count(), 0);
        const alreadyGone = before.reduce((s, b) => s + b.removed.count(), 0);
        if (structure === 'unstructured' && distribution === 'uniform') {
          if (scope === 'global') assert.equal(gone, Math.max(alreadyGone, Math.round(target * n)));
          else layers.forEach((w, l) => assert.equal(w.removed.count(), Math.max(before[l].removed.count(), Math.round(target * w.size))));
        }
        if (scope === 'layer' && structure !== 'nm-2:4') {
          const shares = distribution === 'erk' ? erkSparsities(layers, target) : layers.map(() => target);
          layers.forEach((w, l) => assert.ok(w.removed.count() >= Math.round(shares[l] * w.size)));
        }
        if (structure === 'nm-2:4') {
          for (const w of layers) for (let r = 0; r < w.rows; r++) for (let c = 0; c < w.cols; c += 4) {
            let live = 0;
            for (let k = c; k < Math.min(c + 4, w.cols); k++) if (!w.removed.get(r * w.cols + k)) live++;
            assert.ok(live <= 2);
          }
        }
      }
    }), { numRuns: 300 });
  });
});
