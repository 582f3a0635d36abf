// Linear interpolation between two phases' solutions: the ends reproduce those phases, the path leaves the network as found, the barrier is measured.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { barrierHeight, runSpec, type LifespanEvent } from '@ontogeny/core';
import { loadRegistry } from '@ontogeny/cli';

const registry = await loadRegistry();

const adam = (lr: number) => ({ use: 'adam', with: { lr } });
const phases = [
  { name: 'pretrain', kind: 'pretrain', task: 'source', steps: 60, batch: 32, optimizer: adam(0.01) },
  { name: 'dense', kind: 'finetune-dense', task: 'target', steps: 40, batch: 32, optimizer: adam(0.01) },
  {
    name: 'mask', kind: 'finetune-mask', from: 'pretrain', task: 'target', steps: 40, batch: 32,
    learner: { use: 'threshold' }, optimizer: adam(0.01), headOptimizer: adam(0.01),
  },
];

function spec(extra: unknown[]) {
  return {
    name: 'interpolate-test',
    model: { use: 'mlp', with: { hidden: [32] } },
    tasks: {
      source: { use: 'teacher', with: { task: 0, train: 400, test: 300 } },
      target: { use: 'teacher', with: { task: 1, train: 400, test: 300 } },
    },
    phases: [...phases, ...extra],
  };
}

test('barrier height: the largest rise above the line between the ends, 0 on or below it', () => {
  const alphas = [0, 0.25, 0.5, 0.75, 1];
  assert.equal(barrierHeight(alphas, [1, 1.5, 2, 2.5, 3]), 0);
  assert.equal(barrierHeight(alphas, [1, 0.5, 0.2, 0.5, 1]), 0);
  // The line from 1 to 3 passes 2 at α = 0.5; the path is at 2.75 there
  assert.equal(barrierHeight(alphas, [1, 2, 2.75, 2.5, 3]), 0.75);
});

test('interpolate: α = 0 and α = 1 reproduce the two phases (the mask as W ⊙ M), and the network is left as found', async () => {
  const result = await runSpec(spec([{ name: 'path', kind: 'interpolate', between: ['mask', 'dense'], points: 5 }]), registry, { kernel: 'reference' });
  const path = result.phases.get('path')!;
  const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-6, `${what}: ${actual} vs ${expected}`);
  close(path.extra['accuracy@0'], result.metric('mask'), 'α = 0 is the mask solution');
  close(path.extra['loss@0'], result.metric('mask', 'loss'), 'α = 0 loss');
  close(path.extra['accuracy@1'], result.metric('dense'), 'α = 1 is the dense solution');
  close(path.extra['loss@1'], result.metric('dense', 'loss'), 'α = 1 loss');
  // The phase starts from the mask phase (the previous one) and its end evaluation finds it unchanged
  close(result.metric('path'), result.metric('mask'), 'left as found');
  assert.equal(path.density.fc1, result.phases.get('mask')!.density.fc1);
  // The path's points, then the runner's own evaluation at the phase's end
  const points = result.events.filter((e): e is Extract<LifespanEvent, { type: 'evaluate' }> => e.type === 'evaluate' && e.phase === 'path').slice(0, -1);
  assert.deepEqual(points.map((e) => e.step), [0, 1, 2, 3, 4]);
  assert.deepEqual(points.map((e) => e.metrics.loss), [0, 0.25, 0.5, 0.75, 1].map((alpha) => path.extra[`loss@${alpha}`]));
  const losses = points.map((e) => e.metrics.loss);
  assert.equal(path.extra.lossBarrier, barrierHeight([0, 0.25, 0.5, 0.75, 1], losses));
  assert.ok(path.extra.errorBarrier >= 0);
  console.log(`# mask → dense path, loss: ${losses.map((l) => l.toFixed(4)).join(' ')}; barrier ${path.extra.lossBarrier.toFixed(4)}`);
});

test('interpolate between a solution and itself is flat: every point is that solution', async () => {
  const result = await runSpec(spec([{ name: 'self', kind: 'interpolate', between: ['mask', 'mask'], points: 3 }]), registry, { kernel: 'reference' });
  const self = result.phases.get('self')!;
  for (const alpha of [0, 0.5, 1]) assert.ok(Math.abs(self.extra[`loss@${alpha}`] - result.metric('mask', 'loss')) < 1e-6, `α = ${alpha}`);
  assert.ok(self.extra.lossBarrier < 1e-6 && self.extra.errorBarrier < 1e-9);
});

test('interpolate names only earlier phases, checked before the run', async () => {
  await assert.rejects(runSpec(spec([{ name: 'path', kind: 'interpolate', between: ['mask', 'later'] }]), registry, { kernel: 'reference' }),
    /at \/phases\/3\/between\/1: no earlier phase is named "later"/);
});
