// Mask learners: Piggyback's threshold, Zhao's magnitude-initialised threshold and edge-popup's top-k, pinned and property-tested.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MaskedParameter, ReferenceKernel, Rng, type MaskLearner } from '@ontogeny/core';
import { maskLearnerPlugins } from './index.js';

// What a run's scope injects into these plugins (the kernel), for making them directly
const context = { seed: 0, kernel: new ReferenceKernel() };

function learner(name: string, options: Record<string, unknown>): MaskLearner {
  const plugin = maskLearnerPlugins.find((p) => p.name === name)!;
  return plugin.create(options as never, context) as MaskLearner;
}

function layer(values: number[], rows = 1): MaskedParameter {
  return new MaskedParameter('fc.weight', rows, values.length / rows, Float32Array.from(values));
}

function bits(w: MaskedParameter): number[] {
  return Array.from({ length: w.size }, (_, i) => Number(w.mask.get(i)));
}

const rng = Rng.derive(0, 'test');

describe('threshold (Piggyback)', () => {
  const piggyback = { threshold: 5e-3, init: 1e-2 };
  it('scores start at 2τ on kept connections and 0 off; the first mask is the current one', () => {
    const w = layer([0.1, -0.2, 0.3, 0.4]);
    w.mask.set(2, false);
    const learn = learner('threshold', piggyback);
    learn.initScores(w, rng);
    assert.deepEqual([...w.scores!.values], [1e-2, 1e-2, 0, 1e-2].map(Math.fround));
    learn.updateMask(w, true, rng);
    assert.deepEqual(bits(w), [1, 1, 0, 1]);
  });
  it('m = 1[s > τ], and a removed connection stays off whatever its score', () => {
    const w = layer([0.1, -0.2, 0.3, 0.4]);
    const learn = learner('threshold', piggyback);
    learn.initScores(w, rng);
    w.scores!.values.set([0.005, 0.0051, 0.2, -1]);
    w.remove([2]);
    learn.updateMask(w, true, rng);
    assert.deepEqual(bits(w), [0, 1, 0, 0]);
  });
  it('magnitude-threshold: the smallest-|w| fraction of kept connections starts off', () => {
    const w = layer([0.1, -0.05, 0.3, -0.4, 0.01, 0.2, 0.6, 0.7]);
    w.mask.set(4, false); // off already: does not count among the kept
    const learn = learner('magnitude-threshold', { ...piggyback, initSparsity: 2 / 7 });
    learn.initScores(w, rng);
    learn.updateMask(w, true, rng);
    assert.deepEqual(bits(w), [0, 0, 1, 1, 0, 1, 1, 1]);
  });
});

describe('topk (edge-popup)', () => {
  it('keeps the k largest |s|, ties to the lowest index', () => {
    const w = layer([1, 1, 1, 1, 1, 1]);
    const learn = learner('topk', { density: 0.5, init: 'constant', value: 1e-2 });
    learn.initScores(w, rng);
    w.scores!.values.set([0.1, -0.9, 0.3, 0.3, 0.3, 0.05]);
    learn.updateMask(w, true, rng);
    assert.deepEqual(bits(w), [0, 1, 1, 1, 0, 0]);
  });
  it('without a density, holds the density of the mask it started from', () => {
    const w = layer([1, 2, 3, 4, 5, 6, 7, 8]);
    for (const i of [0, 3, 5]) w.mask.set(i, false);
    const learn = learner('topk', { init: 'kaiming-uniform', value: 1e-2 });
    learn.initScores(w, rng);
    learn.updateMask(w, true, rng);
    assert.equal(w.keptCount(), 5);
  });
  it('holds its sparsity exactly, never keeps a removed connection (property)', () => {
    fc.assert(fc.property(
      fc.array(fc.float({ noNaN: true, min: -4, max: 4 }), { minLength: 1, maxLength: 300 }),
      fc.double({ min: 0, max: 1, noNaN: true }), fc.array(fc.nat(299), { maxLength: 60 }),
      (scores, density, gone) => {
        const w = layer(scores.map((_, i) => i + 1));
        const learn = learner('topk', { density, init: 'constant', value: 1e-2 });
        learn.initScores(w, rng);
        w.scores!.values.set(scores);
        w.remove(gone.filter((i) => i < w.size));
        learn.updateMask(w, true, rng);
        const live = w.size - w.removed.count();
        assert.equal(w.keptCount(), Math.min(Math.round(density * w.size), live));
        for (let i = 0; i < w.size; i++) assert.ok(!(w.mask.get(i) && w.removed.get(i)));
      },
    ), { numRuns: 300 });
  });
});

describe('bernoulli (supermask)', () => {
  const options = { init: 5, initSparsity: 0, gradient: 'sigmoid' };
  it('logits start at ±5; evaluation keeps σ(s) > ½, i.e. s > 0', () => {
    const w = layer([1, 2, 3, 4]);
    w.mask.set(1, false);
    const learn = learner('bernoulli', options);
    learn.initScores(w, rng);
    assert.deepEqual([...w.scores!.values], [5, -5, 5, 5]);
    w.scores!.values[3] = -0.01;
    learn.updateMask(w, false, rng);
    assert.deepEqual(bits(w), [1, 0, 1, 0]);
  });
  it('training samples with probability σ(s)', () => {
    const w = layer(Array.from({ length: 4000 }, () => 1));
    const learn = learner('bernoulli', options);
    learn.initScores(w, rng);
    w.scores!.values.fill(Math.log(0.3 / 0.7)); // σ(s) = 0.3
    learn.updateMask(w, true, Rng.derive(1, 'sample'));
    assert.ok(Math.abs(w.keptCount() / 4000 - 0.3) < 0.03, `kept ${w.keptCount()}`);
  });
  it("the 'sigmoid' gradient multiplies the straight-through gradient by σ(s)(1 − σ(s))", () => {
    const w = layer([1, 1]);
    const learn = learner('bernoulli', options);
    learn.initScores(w, rng);
    w.scores!.values.set([0, Math.log(3)]); // σ = ½ and ¾
    w.scores!.grad.set([1, 2]);
    learn.adjustGradient!(w);
    assert.deepEqual([...w.scores!.grad], [0.25, 2 * 0.75 * 0.25]);
  });
});

describe('every mask learner', () => {
  const configurations: Array<[string, Record<string, unknown>]> = [
    ['threshold', { threshold: 5e-3, init: 1e-2 }],
    ['magnitude-threshold', { threshold: 5e-3, init: 1e-2, initSparsity: 0.3 }],
    ['topk', { density: 0.4, init: 'kaiming-uniform', value: 1e-2 }],
    ['bernoulli', { init: 5, initSparsity: 0.2, gradient: 'sigmoid' }],
  ];
  for (const [name, options] of configurations.filter(([n]) => maskLearnerPlugins.some((p) => p.name === n))) {
    it(`${name}: learning structure never changes a weight value, nor revives a removed one (property)`, () => {
      fc.assert(fc.property(
        fc.array(fc.float({ noNaN: true, min: -2, max: 2 }), { minLength: 4, maxLength: 120 }), fc.integer(),
        (values, seed) => {
          const w = layer(values);
          const stream = Rng.derive(seed, 'scores');
          w.remove([0, 2]);
          const before = w.values.slice();
          const learn = learner(name, options);
          learn.initScores(w, stream);
          for (let step = 0; step < 5; step++) {
            for (let i = 0; i < w.size; i++) w.scores!.grad[i] = stream.normal();
            learn.adjustGradient?.(w);
            for (let i = 0; i < w.size; i++) w.scores!.values[i] -= 0.01 * w.scores!.grad[i];
            learn.updateMask(w, step % 2 === 0, stream);
          }
          assert.deepEqual(w.values, before);
          assert.ok(!w.mask.get(0) && !w.mask.get(2));
        },
      ), { numRuns: 100 });
    });
  }
});
