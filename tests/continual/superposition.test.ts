// SupSup's α-gradient: dH/dα from the explicit backward pass against central differences of the entropy, and a clean dispose.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { BitMask, MaskSuperposition, outputEntropy, ReferenceKernel, Rng, Tensor } from '@ontogeny/core';
import { Mlp } from '@ontogeny/plugins';

const INPUTS = 12;
const CLASSES = 4;

/** A small MLP with `tasks` heads and a random mask per task in every layer, all from `seed`. */
function network(tasks: number, seed: number) {
  const model = new Mlp(INPUTS, { hidden: [10, 8], init: 'pytorch' }, new ReferenceKernel(), (...parts) => Rng.derive(seed, 'model', ...parts));
  const names = Array.from({ length: tasks }, (_, i) => `t/${i}`);
  const rng = Rng.derive(seed, 'masks');
  for (const name of names) {
    model.addHead(name, CLASSES, 'classify', Rng.derive(seed, 'head', name));
    for (const layer of model.maskedParameters()) layer.taskMasks.set(name, BitMask.from(layer.size, () => rng.uniform() < 0.6));
  }
  const inputs = new Tensor(Float32Array.from({ length: 6 * INPUTS }, () => rng.normal()), 6, INPUTS);
  return { model, names, inputs };
}

test('the entropy gradient with respect to the masks\' weights α matches central differences', () => {
  let largest = 0;
  let kinks = 0;
  fc.assert(fc.property(fc.integer({ min: 2, max: 5 }), fc.integer(), fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), { minLength: 5, maxLength: 5 }),
    (tasks, seed, weights) => {
      const { model, names, inputs } = network(tasks, seed);
      const superposition = new MaskSuperposition(model, model.maskedParameters(), names, { classes: CLASSES, kind: 'classify' });
      const alpha = weights.slice(0, tasks);
      const { entropy, gradient } = superposition.entropyGradient(inputs, alpha);
      assert.ok(Math.abs(entropy - superposition.entropy(inputs, alpha)) < 1e-9);
      const epsilon = 1e-3;
      const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));
      for (let i = 0; i < tasks; i++) {
        const at = (delta: number) => superposition.entropy(inputs, alpha.map((a, j) => (j === i ? a + delta : a)));
        const [below, here, above] = [at(-epsilon), at(0), at(epsilon)];
        const left = (here - below) / epsilon;
        const right = (above - here) / epsilon;
        const analytic = gradient[i]!;
        // A ReLU switching between α − ε and α + ε bends H there: the two sides' slopes then differ, and the
        // derivative at α is the slope of the side the switch is not on
        const bent = relative(left, right) >= 2e-3;
        if (bent) kinks++;
        const difference = bent ? Math.min(relative(analytic, left), relative(analytic, right)) : relative(analytic, (above - below) / (2 * epsilon));
        largest = Math.max(largest, difference);
        assert.ok(difference < 2e-3, `task ${i} of ${tasks}: analytic ${analytic}, slopes ${left} (left) and ${right} (right)`);
      }
      superposition.dispose();
    }), { numRuns: 20 });
  console.log(`# α-gradient vs finite differences: largest relative difference ${largest.toExponential(2)}; ${kinks} checks across a ReLU switch`);
});

test('the entropy gradient of the logits is −p (log p + H) / B', () => {
  const logits = new Tensor(Float32Array.from([1, 2, 0.5, -1, 0, 0, 0, 0]), 2, 4);
  const { entropy, dLogits } = outputEntropy(logits);
  const rows = [[1, 2, 0.5, -1], [0, 0, 0, 0]].map((row) => {
    const exps = row.map(Math.exp);
    const sum = exps.reduce((a, b) => a + b);
    return exps.map((e) => e / sum);
  });
  const entropies = rows.map((p) => -p.reduce((h, q) => h + q * Math.log(q), 0));
  assert.ok(Math.abs(entropy - (entropies[0]! + entropies[1]!) / 2) < 1e-9);
  assert.ok(Math.abs(entropies[1]! - Math.log(4)) < 1e-12);
  rows.forEach((p, r) => p.forEach((q, c) => {
    assert.ok(Math.abs(dLogits.data[r * 4 + c]! - (-q * (Math.log(q) + entropies[r]!)) / 2) < 1e-6);
  }));
  // A uniform row is the entropy's maximum: its gradient vanishes
  for (let c = 4; c < 8; c++) assert.ok(Math.abs(dLogits.data[c]!) < 1e-9);
});

test('dispose puts back every value, the active masks and the heads', () => {
  const { model, names, inputs } = network(3, 7);
  const layers = model.maskedParameters();
  layers[0]!.setMask(layers[0]!.taskMasks.get('t/1')!);
  const values = layers.map((layer) => layer.values.slice());
  const masks = layers.map((layer) => layer.mask.copy());
  const superposition = new MaskSuperposition(model, layers, names, { classes: CLASSES, kind: 'classify' });
  superposition.entropyGradient(inputs, [0.2, 0.5, 0.3]);
  superposition.dispose();
  layers.forEach((layer, l) => {
    assert.deepEqual(layer.values, values[l]);
    assert.ok(layer.mask.equals(masks[l]!));
  });
  assert.deepEqual(model.headNames(), names);
});
