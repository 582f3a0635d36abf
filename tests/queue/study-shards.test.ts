// `ontogeny study --shard I/N` for array jobs: three shards run every run of a study exactly once into one store,
// and --collect aggregates what is there and lists what is missing.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readSummary, repositoryRoot, runCli, runFolders } from '../cli/run-cli.js';
import { smallStudy } from './queue-fixture.js';

test('shards 0/3, slurm/3 and kubernetes/3 run each of the study\'s runs once; --collect lists what is missing, then aggregates all', () => {
  const root = mkdtempSync(join(tmpdir(), 'ontogeny-study-shards-'));
  const store = join(root, 'store');
  const file = smallStudy();
  const study = (extra: readonly string[], env: NodeJS.ProcessEnv = {}) =>
    runCli(['study', file, '--profile', 'ci', '--store', store, '--out', join(root, 'studies'), '--jobs', '1', ...extra], repositoryRoot, env);

  const shards = [study(['--shard', '0/3'])];
  const partial = study(['--collect']);
  shards.push(study(['--shard', 'slurm/3'], { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_MIN: '1' }));
  shards.push(study(['--shard', 'kubernetes/3'], { JOB_COMPLETION_INDEX: '2' }));
  for (const shard of shards) assert.equal(shard.status, 0, shard.stderr + shard.stdout);
  const counts = shards.map((shard) => Number(/^shard \d\/3: (\d+) of the study's 4 runs/m.exec(shard.stdout)?.[1]));
  assert.equal(counts.reduce((sum, count) => sum + count, 0), 4, shards.map((shard) => shard.stdout).join('\n---\n'));
  const computed = shards.flatMap((shard) => [...shard.stdout.matchAll(/: done in [\d.]+ s \((\S+)\)/g)].map((match) => match[1]));
  assert.equal(computed.length, 4, shards.map((shard) => shard.stdout).join('\n---\n'));
  assert.deepEqual(runFolders(store), [...new Set(computed)].sort());
  for (const run of computed) assert.equal(readSummary(join(store, run)).status, 'completed');

  const missing = 4 - counts[0];
  assert.equal(partial.status, missing > 0 ? 1 : 0, partial.stderr);
  assert.match(partial.stdout, new RegExp(`^${counts[0]} of 4 runs complete in \\S+${missing > 0 ? `; ${missing} missing` : ''}$`, 'm'));
  if (missing > 0) assert.match(partial.stderr, /not in \S+/);

  const collected = study(['--collect']);
  assert.equal(collected.status, 0, collected.stderr);
  assert.match(collected.stdout, /^4 of 4 runs complete in /m);
  assert.doesNotMatch(collected.stdout, /done in/);
  const results = readFileSync(join(root, 'studies', 'quickstart-bits-ci', 'results.csv'), 'utf8').trim().split('\n');
  assert.equal(results.length, 1 + 4);
});
