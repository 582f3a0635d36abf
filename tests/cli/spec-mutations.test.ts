// A property over damaged specs: whatever is changed, `validate`'s preparation either accepts the spec or refuses it as bad input, located — never a crash.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { OntogenyError } from '@ontogeny/core';
import { prepareRun } from '../../packages/cli/src/prepare-run.js';

const work = mkdtempSync(join(tmpdir(), 'ontogeny-spec-mutations-'));

const base = {
  name: 'mutant',
  seed: 3,
  model: { use: 'mlp', with: { hidden: [8, 4] } },
  tasks: { a: { use: 'teacher', with: { task: 0, train: 64, test: 32 } } },
  phases: [
    { name: 'pretrain', kind: 'pretrain', task: 'a', steps: 4, batch: 16, saveAt: [0], optimizer: { use: 'adam', with: { lr: 0.01 } } },
    { name: 'mask', kind: 'finetune-mask', epochs: 1, learner: { use: 'topk', with: { density: 0.5 } }, optimizer: { use: 'sgd', with: { lr: 0.1 } } },
    {
      name: 'aging', kind: 'prune', steps: 20, layers: ['fc1'], schedule: { use: 'cubic', with: { to: 0.5, every: 5 } }, criterion: { use: 'magnitude' },
      retune: { steps: 2, learner: { use: 'threshold' }, optimizer: { use: 'adam' } }, after: [{ use: 'noise', with: { sigma: 0.1 } }],
    },
    { name: 'rewind', kind: 'rewind', to: 'pretrain@0' },
  ],
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a value of `value`, as key lists (the root excluded). */
function paths(value: Json, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof value !== 'object' || value === null) return [];
  const entries = Array.isArray(value) ? value.map((child, i) => [i, child] as const) : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...paths(child as Json, [...prefix, key])]);
}
const allPaths = paths(base as unknown as Json);

const wrongValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(1e12, -1, -1e300, 0, 0.5, 1e308, '', 'x'.repeat(300), true, null, [], {}, [1e12], { use: 'nope' }),
  fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
  fc.double({ noNaN: true }),
  fc.string({ maxLength: 12 }),
  fc.nat({ max: 200 }).map((depth) => {
    let nested: Json = 1;
    for (let i = 0; i < depth; i++) nested = [nested];
    return nested;
  }),
);

type Mutation = { kind: 'set'; path: number; value: Json } | { kind: 'delete'; path: number } | { kind: 'rename'; path: number; key: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), path: fc.nat({ max: allPaths.length - 1 }), value: wrongValue }),
  fc.record({ kind: fc.constant('delete' as const), path: fc.nat({ max: allPaths.length - 1 }) }),
  fc.record({ kind: fc.constant('rename' as const), path: fc.nat({ max: allPaths.length - 1 }), key: fc.constantFrom('steps', 'stepz', 'with', 'use', 'layers', '') }),
);

function mutate(spec: Json, change: Mutation): void {
  const path = allPaths[change.path];
  let parent: Json = spec;
  for (const key of path.slice(0, -1)) {
    if (typeof parent !== 'object' || parent === null) return;
    parent = (parent as Record<string, Json>)[key];
  }
  if (typeof parent !== 'object' || parent === null) return;
  const record = parent as Record<string | number, Json>;
  const key = path[path.length - 1];
  if (!(key in record)) return;
  if (change.kind === 'set') record[key] = change.value;
  else if (Array.isArray(parent)) (parent as Json[]).splice(Number(key), 1);
  else {
    const value = record[key];
    delete record[key];
    if (change.kind === 'rename') record[change.key] = value;
  }
}

test('damaged specs (wrong types, huge and negative numbers, missing and renamed keys, deep nesting) are accepted or refused as located bad input, never a crash', async () => {
  const seed = Date.now() % 2 ** 31;
  process.stdout.write(`# spec mutations: fast-check seed ${seed} (replay with this seed)\n`);
  let refused = 0;
  let count = 0;
  await fc.assert(fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (changes) => {
    const spec = structuredClone(base) as unknown as Json;
    for (const change of changes) mutate(spec, change);
    const file = join(work, `mutant-${count++}.json`);
    writeFileSync(file, JSON.stringify(spec));
    try {
      await prepareRun({ spec: file, plugin: [] });
    } catch (error) {
      assert.ok(error instanceof OntogenyError, `not a bad-input report but ${error instanceof Error ? error.stack : String(error)}`);
      assert.equal(error.category, 'input', error.message);
      assert.ok(error.message.includes(file), `the message names the file: ${error.message}`);
      assert.match(error.message, /at \/|at line|nested deeper/, 'the message locates the problem');
      refused++;
    }
  }), { seed, numRuns: 60 });
  assert.ok(refused > 0, 'some mutants were refused');
});
