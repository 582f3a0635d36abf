// Redis restarted in the middle of a study, empty (nothing persisted): the workers reconnect, the lost runs are queued again, the study completes.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runStudyOnQueue } from '@ontogeny/cli';
import { readSummary, runFolders } from '../cli/run-cli.js';
import { GUARD_MS, queueBench, quickstartRuns, runsDoneBy } from './queue-fixture.js';

const bench = queueBench('redis-restart');

test('Redis restarts empty once the first run is done: workers reconnect, the study completes with every run', { timeout: GUARD_MS }, async () => {
  const runs = await quickstartRuns([0, 1, 2, 3, 4, 5]);
  const { redis, store } = bench;
  await Promise.all([bench.startWorker(), bench.startWorker()]);
  const lines: string[] = [];
  let restarted: Promise<void> | null = null;
  const standings = await runStudyOnQueue(runs, {
    queue: redis.url, store, pollMs: 100, signal: bench.signal,
    say: (line) => {
      lines.push(line);
      if (!restarted && /^runs: [1-5]\/6 done/.test(line)) restarted = redis.restart();
    },
  });
  assert.ok(restarted, `Redis was never restarted:\n${lines.join('\n')}`);
  await restarted;
  assert.deepEqual(standings.map(({ state }) => state), runs.map(() => 'done'), lines.join('\n'));
  assert.ok(lines.some((line) => /^queued again \d+ runs? the queue no longer knew/.test(line)), lines.join('\n'));
  assert.deepEqual(runFolders(store), runs.map((run) => run.runName).sort());
  for (const run of runs) assert.equal(readSummary(join(store, run.runName)).status, 'completed');
  // A run being computed when Redis restarted is queued again; the worker handed it waits for the run's writer
  // (the run store's lock) and then finds it complete, so no run is computed twice.
  const computed = bench.workers().flatMap(runsDoneBy);
  assert.equal(new Set(computed).size, computed.length, bench.workers().map((worker) => worker.output()).join('\n---\n'));
});
