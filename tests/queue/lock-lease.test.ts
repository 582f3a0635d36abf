// A run folder locked by a process on another machine: refused while the lock is renewed, resumed once it lapses
// (that machine's worker was killed or lost), so a queue can hand the run to a worker elsewhere.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadRegistry } from '@ontogeny/cli';
import { errors, isError, prepareLifespan, runInStore } from '@ontogeny/core';

test('a lock from another machine holds while renewed within the lease, and is taken over once it lapses', async () => {
  const store = mkdtempSync(join(tmpdir(), 'ontogeny-lock-lease-'));
  const spec = { ...JSON.parse(readFileSync('experiments/quickstart.json', 'utf8')), seed: 3 };
  const prepared = await prepareLifespan({ spec, file: 'experiments/quickstart.json', registry: await loadRegistry() });
  const runDir = join(store, prepared.runName);
  mkdirSync(runDir);
  const lock = join(runDir, 'run.lock');
  writeFileSync(lock, `${JSON.stringify({ pid: 4242, host: 'another-machine.example', started: '2026-12-07T10:00:00.000Z', processStart: null })}\n`);

  await assert.rejects(runInStore(store, prepared, { resume: true }),
    (error: unknown) => isError(error, errors.RUN_LOCKED) && /pid 4242 on another-machine\.example/.test((error as Error).message));

  const lapsed = new Date(Date.now() - 2 * 60_000);
  utimesSync(lock, lapsed, lapsed);
  const run = await runInStore(store, prepared, { resume: true });
  assert.equal(run.status, 'completed');
  assert.equal(run.reused, false);
});
