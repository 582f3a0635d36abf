// A worker SIGKILLed in the middle of a run: the queue hands the job to the other worker, which resumes the run from its
// last checkpoint, and the results are the bytes of an uninterrupted local run.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runStandings, runStudyOnQueue } from '@ontogeny/cli';
import { readSummary, runToDirectory } from '../cli/run-cli.js';
import { GUARD_MS, queueBench, quickstartRuns, whenDefined } from './queue-fixture.js';

const bench = queueBench('killed-worker');

// Pre-training long enough to be killed in, with progress checkpoints every 10 steps.
const longer = (spec: Record<string, unknown>) => {
  const phases = structuredClone(spec.phases) as Array<Record<string, unknown>>;
  phases[0].epochs = 40;
  return { ...spec, checkpointEvery: 10, phases };
};

test('a worker killed mid-run: the other worker resumes the run from its checkpoint, with the bytes of an uninterrupted run', { timeout: GUARD_MS }, async () => {
  const { redis, store, folder } = bench;
  const [run] = await quickstartRuns([7], longer);
  const runDir = join(store, run.runName);
  const progress = join(runDir, 'checkpoints', 'progress');
  const first = await bench.startWorker(['--stalled-after', '2']);
  const lines: string[] = [];
  const studied = runStudyOnQueue([run], { queue: redis.url, store, pollMs: 100, say: (line) => lines.push(line), signal: bench.signal });
  const queue = bench.openQueue();
  // --status tells where a running run is, from the progress the sandboxed processor reports.
  const [running] = await whenDefined(async () => {
    const standings = await runStandings(queue, [run], store);
    return /pretrain, step \d+ of \d+/.test(standings[0].detail ?? '') ? standings : undefined;
  }, bench.signal);
  assert.equal(running.state, 'running');
  await whenDefined(async () => (existsSync(progress) && readdirSync(progress).length > 0 ? true : undefined), bench.signal);
  first.child.kill('SIGKILL');
  assert.notEqual(readSummary(runDir).status, 'completed', 'the run ended before the worker was killed');
  const second = await bench.startWorker(['--stalled-after', '2']);
  const [standing] = await studied;
  assert.equal(standing.state, 'done', lines.join('\n'));
  // The store says complete before the worker has told the queue; its line follows.
  await second.printed(new RegExp(`^done: ${run.runName} in `, 'm'));
  assert.match(second.output(), new RegExp(`^done: ${run.runName} in .*, resumed from \\S+`, 'm'), second.output());
  assert.equal((await queue.getJob(run.hash))?.attemptsStarted, 2);

  const specFile = join(folder, 'spec.json');
  writeFileSync(specFile, JSON.stringify(run.spec));
  const local = runToDirectory(specFile, join(folder, 'local'));
  for (const file of ['summary.json', 'metrics.csv', 'events.jsonl']) {
    assert.ok(readFileSync(join(runDir, file)).equals(readFileSync(join(local, file))), `${file} differs from the uninterrupted run's`);
  }
});
