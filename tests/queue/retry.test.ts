// A run that fails is retried after a back-off, and the retry resumes from the failed attempt's last checkpoint.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { runStudyOnQueue } from '@ontogeny/cli';
import { repositoryRoot } from '../cli/run-cli.js';
import { GUARD_MS, queueBench, quickstartRuns } from './queue-fixture.js';

const bench = queueBench('retry');
const plugin = resolve(repositoryRoot, 'tests/queue/fixtures/fail-once-plugin.mjs');

// The fault strikes before the last phase, so the first attempt leaves the checkpoints of the five before it.
const failingOnce = (spec: Record<string, unknown>) => {
  const phases = structuredClone(spec.phases) as Array<Record<string, unknown>>;
  phases[5].before = [...(phases[5].before as unknown[]), { use: 'fail-once' }];
  return { ...spec, phases };
};

test('a run failing on its first attempt is retried after the back-off and resumes from its checkpoint', { timeout: GUARD_MS }, async () => {
  process.env.ONTOGENY_TEST_FAIL_ONCE_DIR = mkdtempSync(join(tmpdir(), 'ontogeny-fail-once-'));
  const { redis, store } = bench;
  const [run] = await quickstartRuns([5], failingOnce, [plugin]);
  const worker = await bench.startWorker(['--plugin', plugin]);
  const lines: string[] = [];
  const [standing] = await runStudyOnQueue([run], { queue: redis.url, store, pollMs: 100, say: (line) => lines.push(line), signal: bench.signal });
  assert.equal(standing.state, 'done', lines.join('\n'));
  await worker.printed(new RegExp(`^done: ${run.runName} in `, 'm'));
  assert.match(worker.output(), new RegExp(`^failed: ${run.runName} \\(attempt 1, will be retried\\): .*a transient fault on the first attempt`, 'm'));
  assert.match(worker.output(), new RegExp(`^done: ${run.runName} in .*, resumed from \\S+`, 'm'));
  const job = await bench.openQueue().getJob(run.hash);
  assert.equal(job?.attemptsStarted, 2);
  assert.deepEqual(job?.opts.backoff, { type: 'exponential', delay: 15_000 });
});
