// Model selection on the dev split: the best of several earlier phases is chosen without looking at test, and the run continues from it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runSpec } from '@ontogeny/core';
import { loadRegistry } from '@ontogeny/cli';

const registry = await loadRegistry();
const LEARNING_RATES = [0.0001, 0.003, 0.1];
const grid = LEARNING_RATES.map((lr) => ({
  name: `dense-${lr}`, kind: 'finetune-dense', from: 'pretrain', task: 'target', steps: 40, batch: 32, optimizer: { use: 'sgd', with: { lr } },
}));

function spec(select: Record<string, unknown>, dev = 300) {
  return {
    name: 'select-test',
    model: { use: 'mlp', with: { hidden: [32] } },
    tasks: {
      source: { use: 'teacher', with: { task: 0, train: 400, test: 200 } },
      target: { use: 'teacher', with: { task: 1, train: 400, test: 300, dev } },
    },
    phases: [
      { name: 'pretrain', kind: 'pretrain', task: 'source', steps: 40, batch: 32, optimizer: { use: 'adam', with: { lr: 0.01 } } },
      ...grid,
      { name: 'best', kind: 'select', task: 'target', among: grid.map((phase) => phase.name), ...select },
    ],
  };
}

test('select keeps the phase with the best dev metric and continues from it: its test figures are that phase\'s', async () => {
  const result = await runSpec(spec({ by: 'accuracy' }), registry, { kernel: 'reference' });
  const best = result.phases.get('best')!;
  const dev = grid.map((phase) => result.metric(phase.name, 'dev:accuracy'));
  assert.deepEqual(grid.map((phase) => best.extra[`dev:accuracy@${phase.name}`]), dev, 'each candidate measured on dev as its own phase was');
  const chosen = dev.indexOf(Math.max(...dev));
  assert.equal(best.extra.chosen, chosen);
  assert.equal(result.metric('best'), result.metric(grid[chosen].name));
  assert.equal(result.metric('best', 'loss'), result.metric(grid[chosen].name, 'loss'));
  console.log(`# dev accuracy by learning rate ${LEARNING_RATES.join(', ')}: ${dev.join(', ')} → chose ${LEARNING_RATES[chosen]}`);
});

test('select by the lowest dev loss', async () => {
  const result = await runSpec(spec({ by: 'loss', goal: 'min' }), registry, { kernel: 'reference' });
  const losses = grid.map((phase) => result.metric(phase.name, 'dev:loss'));
  assert.equal(result.phases.get('best')!.extra.chosen, losses.indexOf(Math.min(...losses)));
});

test('select never chooses on test, and needs a split the task provides', async () => {
  await assert.rejects(runSpec(spec({ split: 'test' }), registry, { kernel: 'reference' }), /at \/phases\/4\/split: selection must not look at the test split/);
  await assert.rejects(runSpec(spec({}, 0), registry, { kernel: 'reference' }), /select: task "target" has no "dev" split to choose on — it has none/);
  await assert.rejects(runSpec(spec({ among: ['dense-0.0001', 'later'] }), registry, { kernel: 'reference' }), /at \/phases\/4\/among\/1: no earlier phase is named "later"/);
});
