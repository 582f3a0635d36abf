// A diverging phase is reported (a `diverged` event and `diverged: true` in its summary), not a crash; later branches run on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runSpec } from '@ontogeny/core';
import { loadRegistry } from '@ontogeny/cli';

test('an exploding learning rate diverges; the phase says so and a branch from before it still trains', async () => {
  const result = await runSpec({
    name: 'diverge',
    model: { use: 'mlp', with: { hidden: [16] } },
    tasks: { a: { use: 'teacher', with: { train: 500, test: 200 } } },
    phases: [
      { name: 'sane', kind: 'pretrain', task: 'a', steps: 20, batch: 32, optimizer: { use: 'sgd', with: { lr: 0.05 } } },
      { name: 'explode', kind: 'pretrain', steps: 200, batch: 32, optimizer: { use: 'sgd', with: { lr: 1e6 } } },
      { name: 'again', kind: 'pretrain', from: 'sane', steps: 20, batch: 32, optimizer: { use: 'sgd', with: { lr: 0.05 } } },
    ],
  }, await loadRegistry(), { kernel: 'reference' });
  const diverged = result.events.filter((event) => event.type === 'diverged');
  assert.equal(diverged.length, 1);
  assert.equal(diverged[0].type === 'diverged' && diverged[0].phase, 'explode');
  assert.equal(result.phases.get('explode')!.diverged, true);
  assert.equal(result.phases.get('again')!.diverged, false);
  assert.ok(result.metric('again') > 0.3, `the branch from "sane" trains: ${result.metric('again')}`);
});
