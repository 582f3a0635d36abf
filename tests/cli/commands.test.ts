// The other verbs: validate, schema, plugins; and the committed schema for editors is the one `ontogeny schema` prints.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { runCli } from './run-cli.js';

test('validate accepts the experiments and lists their phases', () => {
  for (const spec of ['experiments/quickstart.json', 'experiments/fashion-transfer.json']) {
    const result = runCli(['validate', spec]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /valid — \d+ phases: pretrain → /);
  }
});

test('experiments/lifespan.schema.json is what `ontogeny schema` prints (regenerate: pnpm ontogeny schema > experiments/lifespan.schema.json)', () => {
  const result = runCli(['schema']);
  assert.equal(result.status, 0, result.stderr);
  const printed = JSON.parse(result.stdout);
  assert.equal(printed.$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.deepEqual(JSON.parse(readFileSync('experiments/lifespan.schema.json', 'utf8')), printed);
});

test('plugins lists kind, version, source and options with defaults; --kind filters; an unknown kind exits 2', () => {
  const all = runCli(['plugins']);
  assert.equal(all.status, 0, all.stderr);
  assert.match(all.stdout, /^SCHEDULE$/m);
  assert.match(all.stdout, /cubic 1\.0\.0/);
  assert.match(all.stdout, /source: Zhu & Gupta/);
  assert.match(all.stdout, /every: integer = 100/);
  const schedules = runCli(['plugins', '--kind', 'schedule']);
  assert.doesNotMatch(schedules.stdout, /^MODEL$/m);
  const json = JSON.parse(runCli(['plugins', '--json']).stdout);
  assert.ok(json.plugins.every((plugin: { source: string }) => plugin.source.length > 0));
  assert.equal(runCli(['plugins', '--kind', 'nonsense']).status, 2);
});

test('an unknown command or option exits 2 with a hint', () => {
  const result = runCli(['fly']);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /ontogeny --help/);
});
