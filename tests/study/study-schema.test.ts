// The study schema: experiments/study.schema.json is what `ontogeny schema --study` prints, and it embeds the lifespan schema.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { runCli } from '../cli/run-cli.js';

test('experiments/study.schema.json is what `ontogeny schema --study` prints (regenerate: pnpm ontogeny schema --study > experiments/study.schema.json)', () => {
  const result = runCli(['schema', '--study']);
  assert.equal(result.status, 0, result.stderr);
  const printed = JSON.parse(result.stdout);
  assert.equal(printed.$id, 'urn:ontogeny:study-spec:0.1');
  assert.deepEqual(printed.$defs.lifespan, JSON.parse(readFileSync('experiments/lifespan.schema.json', 'utf8')), 'the lifespan schema, embedded whole');
  assert.deepEqual(JSON.parse(readFileSync('experiments/study.schema.json', 'utf8')), printed);
});
