// The MLP on feature-major hidden activations: the native kernel's layout choice, and the same numbers as the
// reference kernel's batch-major passes to rounding.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { BitMask, NativeKernel, ReferenceKernel, Rng, Tensor, loadAddon, type Kernel } from '@ontogeny/core';
import { Mlp } from '@ontogeny/plugins';

const addon = loadAddon();
const INPUTS = 80, HIDDEN = [96, 64], CLASSES = 10;

/** An MLP whose hidden layers keep `density` of their weights (the same masks for the same seed). */
function mlp(kernel: Kernel, density: number, seed: number): Mlp {
  const model = new Mlp(INPUTS, { hidden: HIDDEN, init: 'pytorch' }, kernel, (...parts) => Rng.derive(seed, ...parts));
  model.addHead('task', CLASSES, 'classify', Rng.derive(seed, 'head'));
  const pick = Rng.derive(seed, 'mask');
  for (const w of model.maskedParameters()) w.setMask(BitMask.from(w.size, () => pick.uniform() < density));
  return model;
}

/** Logits and every parameter's gradient after one forward and backward pass. */
function pass(model: Mlp, batch: number, seed: number): Float32Array[] {
  const data = Rng.derive(seed, 'data');
  const x = new Tensor(Float32Array.from({ length: batch * INPUTS }, () => data.uniform() * 2 - 1), batch, INPUTS);
  const dLogits = new Tensor(Float32Array.from({ length: batch * CLASSES }, () => data.uniform() * 2 - 1), batch, CLASSES);
  const parameters = [...model.bodyParameters(), ...model.headParameters('task')];
  for (const p of parameters) p.grad.fill(0);
  const logits = model.forward(x, 'task', { training: true }).data.slice();
  model.backward(dLogits);
  return [logits, ...parameters.map((p) => p.grad.slice())];
}

test('a sparse MLP computes its hidden layers feature-major on the native kernel, with the reference batch-major numbers', { skip: 'unavailable' in addon && addon.unavailable }, () => {
  if ('unavailable' in addon) return;
  fc.assert(fc.property(fc.integer({ min: 16, max: 70 }), fc.integer(), (batch, seed) => {
    const native = new NativeKernel(addon, { threads: 2, minParallelWork: 64 });
    const model = mlp(native, 0.03, seed);
    // The first passes pay for packing the sparse layouts, and the cost model keeps them dense until a mask has
    // served a few ops (rent or buy); then the hidden layers go sparse and feature-major.
    for (let warm = 0; warm < 8; warm++) pass(model, batch, seed);
    native.formatReport();
    const fast = pass(model, batch, seed);
    const report = Object.keys(native.formatReport());
    assert.ok(report.includes(`fc1.weight forward feature-major B${batch}`), `layouts used: ${report.join(', ')}`);
    assert.ok(!report.some((key) => key.startsWith('fc2.weight forward B')), 'fc2 ran batch-major');
    const exact = pass(mlp(new ReferenceKernel(), 0.03, seed), batch, seed);
    fast.forEach((values, a) => values.forEach((v, i) => {
      const want = exact[a][i];
      assert.ok(Math.abs(v - want) <= 1e-5 + 1e-4 * Math.abs(want), `array ${a} entry ${i}: ${v} vs ${want}`);
    }));
  }), { numRuns: 12 });
});

test('a dense MLP stays batch-major: no transposes to save', { skip: 'unavailable' in addon && addon.unavailable }, () => {
  if ('unavailable' in addon) return;
  const native = new NativeKernel(addon, { threads: 2 });
  pass(mlp(native, 1, 7), 64, 7);
  const report = Object.keys(native.formatReport());
  assert.ok(report.includes('fc1.weight forward B64'), `layouts used: ${report.join(', ')}`);
  assert.ok(!report.some((key) => key.includes('feature-major')), `layouts used: ${report.join(', ')}`);
});

test('the layout choice follows the masks: it is made again when one changes', { skip: 'unavailable' in addon && addon.unavailable }, () => {
  if ('unavailable' in addon) return;
  const native = new NativeKernel(addon, { threads: 2 });
  const model = mlp(native, 1, 3);
  const [fc1, fc2] = model.maskedParameters();
  const hiddenLayout = () => {
    native.formatReport();
    pass(model, 64, 3);
    return Object.keys(native.formatReport()).some((key) => key.includes('feature-major')) ? 'feature-major' : 'batch-major';
  };
  const sparse = (density: number) => {
    const pick = Rng.derive(3, 'mask', density);
    for (const w of [fc1, fc2]) w.setMask(BitMask.from(w.size, () => pick.uniform() < density));
  };
  assert.equal(hiddenLayout(), 'batch-major');
  assert.equal(hiddenLayout(), 'batch-major');
  sparse(0.03);
  assert.equal(hiddenLayout(), 'feature-major');
  assert.equal(hiddenLayout(), 'feature-major');
  sparse(1);
  assert.equal(hiddenLayout(), 'batch-major');
});
