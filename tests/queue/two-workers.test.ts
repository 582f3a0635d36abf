// Two worker processes on one queue finish a study, each run computed exactly once, and enqueueing again adds nothing.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { enqueueRuns, runStandings, runStudyOnQueue, showStudyStatus } from '@ontogeny/cli';
import { readSummary, runFolders } from '../cli/run-cli.js';
import { GUARD_MS, queueBench, quickstartRuns, runsDoneBy, whenDefined } from './queue-fixture.js';

const bench = queueBench('two-workers');

test('two workers finish a study of 4 runs; every run is computed once, by one of them, into the store', { timeout: GUARD_MS }, async () => {
  const runs = await quickstartRuns([0, 1, 2, 3]);
  const { redis, store } = bench;
  const workers = await Promise.all([bench.startWorker(), bench.startWorker()]);
  const lines: string[] = [];
  const standings = await runStudyOnQueue(runs, { queue: redis.url, store, say: (line) => lines.push(line), pollMs: 100, signal: bench.signal });
  assert.deepEqual(standings.map(({ state }) => state), ['done', 'done', 'done', 'done'], lines.join('\n'));
  assert.match(lines[0], /4 runs: 4 queued, 0 failed ones retried, 0 already queued or running, 0 complete/);
  assert.deepEqual(runFolders(store), runs.map((run) => run.runName).sort());
  for (const run of runs) assert.equal(readSummary(join(store, run.runName)).status, 'completed');
  // The store says complete before a worker has told the queue; wait for the workers' lines.
  await whenDefined(async () => (workers.flatMap(runsDoneBy).length >= runs.length ? true : undefined), bench.signal);
  const computed = workers.flatMap(runsDoneBy);
  assert.deepEqual(computed.sort(), runs.map((run) => run.runName).sort(), workers.map((worker) => worker.output()).join('\n---\n'));

  const queue = bench.openQueue();
  for (const run of runs) assert.equal((await queue.getJob(run.hash))?.attemptsStarted, 1, `${run.runName} was started more than once`);
  const again = await enqueueRuns(queue, await runStandings(queue, runs, store));
  assert.deepEqual(again, { added: 0, retried: 0, pending: 0, done: 4 });
  assert.equal((await queue.getJobCounts()).completed, 4);
  assert.equal((await queue.getJobCounts()).waiting, 0);
});

test('an invalid spec on the queue fails at once: no retry, its reason names the spec error; --status counts it failed with that reason', { timeout: GUARD_MS }, async () => {
  const { redis, store } = bench;
  const queue = bench.openQueue();
  const job = await queue.add('broken-0123456789', { hash: '0123456789', runName: 'broken-0123456789', spec: { name: 'broken', phases: 'none' } }, { jobId: '0123456789' });
  const state = await whenDefined(async () => {
    const now = await job.getState();
    return now === 'failed' || now === 'completed' ? now : undefined;
  }, bench.signal);
  assert.equal(state, 'failed');
  const final = (await queue.getJob('0123456789'))!;
  assert.equal(final.attemptsStarted, 1);
  assert.match(final.failedReason, /ONT_SPEC_INVALID/);

  const runs = [...await quickstartRuns([0, 1, 2, 3]), { hash: '0123456789', runName: 'broken-0123456789', spec: {}, testSizes: {} }];
  const lines: string[] = [];
  const standings = await showStudyStatus(runs, { queue: redis.url, store, say: (line) => lines.push(line) });
  assert.deepEqual(standings.map(({ state }) => state), ['done', 'done', 'done', 'done', 'failed']);
  assert.equal(lines[0], `5 runs on ${redis.url}: 0 queued, 0 running, 4 done, 1 failed`);
  assert.match(lines[1], /^ {2}failed {3}broken-0123456789: ONT_SPEC_INVALID/);
});
