// Dense fine-tuning with some body parameters frozen: those stay exactly as they were, the rest learn; unknown names are bad input.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lastValueFrom, toArray } from 'rxjs';
import { prepareLifespan, runLifespan } from '@ontogeny/core';
import { loadRegistry } from '@ontogeny/cli';

const registry = await loadRegistry();
const adam = { use: 'adam', with: { lr: 0.01 } };

async function finetune(model: unknown, tasks: unknown, frozen: string[]) {
  const prepared = await prepareLifespan({
    spec: { name: 'frozen-test', model, tasks, phases: [{ name: 'tune', kind: 'finetune-dense', task: 'a', steps: 5, batch: 8, optimizer: adam, frozen }] },
    file: 'frozen-test.json', registry, kernel: 'reference',
  });
  const before = new Map(prepared.model.bodyParameters().map((parameter) => [parameter.name, parameter.values.slice()]));
  await lastValueFrom(runLifespan(prepared).pipe(toArray()));
  const changed = prepared.model.bodyParameters().filter((parameter) => !parameter.values.every((v, i) => v === before.get(parameter.name)![i]));
  return { names: prepared.model.bodyParameters().map((p) => p.name), changed: changed.map((p) => p.name) };
}

test('a BERT fine-tuned with "embeddings" frozen keeps every embedding table and its norm; every other body parameter learns', async () => {
  const { names, changed } = await finetune(
    { use: 'bert', with: { width: 8, layers: 1, heads: 2, ffnWidth: 8 } },
    { a: { use: 'language-sentiment', with: { train: 16, dev: 4, test: 8 } } },
    ['embeddings'],
  );
  const embeddings = names.filter((name) => name.startsWith('embeddings.'));
  assert.ok(embeddings.length >= 4, names.join(' '));
  assert.deepEqual(changed.filter((name) => name.startsWith('embeddings.')), []);
  assert.deepEqual(names.filter((name) => !name.startsWith('embeddings.') && !changed.includes(name)), []);
});

test('an MLP fine-tuned with one layer\'s weight frozen (by its full name) keeps that weight and trains its bias', async () => {
  const { changed } = await finetune({ use: 'mlp', with: { hidden: [8] } }, { a: { use: 'teacher', with: { train: 64, test: 16 } } }, ['fc1.weight']);
  assert.ok(!changed.includes('fc1.weight'));
  assert.ok(changed.includes('fc1.bias'));
});

test('a frozen name that matches no body parameter is rejected before the run, with the names there are', async () => {
  await assert.rejects(finetune({ use: 'mlp', with: { hidden: [8] } }, { a: { use: 'teacher', with: { train: 64, test: 16 } } }, ['embeddings']),
    (error: Error & { code?: string }) => error.code === 'ONT_SPEC_INVALID'
      && /at \/phases\/0\/frozen\/0: no body parameter is named "embeddings" or lies under it — expected one of fc1\.weight, fc1\.bias/.test(error.message));
});
