// Lottery tickets: rewinding restores the saved weights under the pruned mask; the re-initialisation control does not; IMP reaches 0.8^levels.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lastValueFrom, toArray } from 'rxjs';
import { prepareLifespan, runLifespan, type LifespanEvent } from '@ontogeny/core';
import { loadRegistry } from '@ontogeny/cli';

const registry = await loadRegistry();

async function run(phases: unknown[]) {
  const prepared = await prepareLifespan({
    spec: {
      name: 'lottery-test',
      model: { use: 'mlp', with: { hidden: [24] } },
      tasks: { a: { use: 'teacher', with: { train: 600, test: 200 } } },
      phases,
    },
    file: 'lottery-test.json', registry, kernel: 'reference',
  });
  const birth = prepared.model.bodyParameters().map((parameter) => parameter.values.slice());
  const events = await lastValueFrom(runLifespan(prepared).pipe(toArray()));
  return { model: prepared.model, birth, events };
}

const train = { kind: 'pretrain', task: 'a', steps: 30, batch: 32, optimizer: { use: 'sgd', with: { lr: 0.1 } } };
const prune = { name: 'prune', kind: 'prune', steps: 0, schedule: { use: 'one-shot', with: { to: 0.5 } }, criterion: { use: 'magnitude' } };

test('rewind puts back the weights saved at step 0 under the pruned mask', async () => {
  const { model, birth } = await run([{ ...train, name: 'train', saveAt: [0] }, prune, { name: 'rewind', kind: 'rewind', to: 'train@0' }]);
  model.bodyParameters().forEach((parameter, index) => assert.deepEqual(parameter.values, birth[index], parameter.name));
  for (const weight of model.maskedParameters()) assert.equal(weight.density(), 0.5);
});

test('the re-initialisation control draws new weights within the saved range, keeping the mask', async () => {
  const { model, birth } = await run([{ ...train, name: 'train', saveAt: [0] }, prune, { name: 'reinit', kind: 'rewind', to: 'train@0', reinit: true }]);
  const weight = model.maskedParameters()[0];
  const saved = birth[model.bodyParameters().indexOf(weight)];
  const bound = saved.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
  assert.notDeepEqual(weight.values, saved);
  assert.ok(weight.values.every((value) => Math.abs(value) <= bound));
  assert.equal(weight.density(), 0.5);
});

test('a rewind to weights no phase saved is rejected before the run', async () => {
  await assert.rejects(run([{ ...train, name: 'train' }, { name: 'rewind', kind: 'rewind', to: 'train@0' }]),
    /at \/phases\/1\/to: no earlier phase saves weights as "train@0"/);
});

test('lottery: each level removes 20 % of what remains, so 3 levels leave 0.8³ of each layer', async () => {
  const { model, events } = await run([{ ...train, name: 'ticket', kind: 'lottery', levels: 3, criterion: { use: 'magnitude' } }]);
  const prunes = events.filter((event): event is Extract<LifespanEvent, { type: 'prune' }> => event.type === 'prune');
  assert.deepEqual(prunes.map((event) => Number(event.target.toFixed(6))), [0.2, 0.36, 0.488]);
  for (const weight of model.maskedParameters()) {
    assert.equal(weight.keptCount(), weight.size - Math.round(0.488 * weight.size), weight.name);
  }
});
