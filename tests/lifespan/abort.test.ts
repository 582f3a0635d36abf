// Unsubscribing from the event stream stops the run before its next step, with no further events.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prepareLifespan, runLifespan, type LifespanEvent } from '@ontogeny/core';
import { loadRegistry } from '@ontogeny/cli';

test('unsubscribing aborts the run cleanly', async () => {
  const prepared = await prepareLifespan({
    spec: {
      name: 'abort',
      model: { use: 'mlp', with: { hidden: [16] } },
      tasks: { a: { use: 'teacher', with: { train: 2000, test: 200 } } },
      logEvery: 1,
      phases: [{ name: 'long', kind: 'pretrain', task: 'a', steps: 100_000, batch: 16, optimizer: { use: 'sgd', with: { lr: 0.01 } } }],
    },
    file: 'abort.json',
    registry: await loadRegistry(),
    kernel: 'reference',
  });
  const seen: LifespanEvent[] = [];
  await new Promise<void>((resolve) => {
    const subscription = runLifespan(prepared).subscribe((event) => {
      seen.push(event);
      if (event.type === 'step' && event.step === 5) {
        subscription.unsubscribe();
        resolve();
      }
    });
  });
  const count = seen.length;
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(seen.length, count, 'no event after unsubscribing');
  assert.ok(!seen.some((event) => event.type === 'phase:end'));
});
