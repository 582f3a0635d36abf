// `ontogeny study --queue URL` end to end: two workers take a study's runs, the study follows and aggregates them into the
// same results as the local pool's, and --status counts them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repositoryRoot, runCli } from '../cli/run-cli.js';
import { GUARD_MS, queueBench, runsDoneBy, smallStudy, whenDefined } from './queue-fixture.js';

const bench = queueBench('study-queue');

test('a study on the queue, run by two workers, aggregates to the local pool\'s results; --status counts its runs done', { timeout: GUARD_MS }, async () => {
  const { redis, store, folder } = bench;
  const file = smallStudy();
  const workers = await Promise.all([bench.startWorker(), bench.startWorker()]);
  const study = (root: string, extra: readonly string[]) =>
    runCli(['study', file, '--profile', 'ci', '--out', join(folder, root), ...extra], repositoryRoot);

  const queued = study('queued', ['--store', store, '--queue', redis.url]);
  assert.equal(queued.status, 0, queued.stderr + queued.stdout);
  assert.match(queued.stdout, /^4 runs: 4 queued, 0 failed ones retried, 0 already queued or running, 0 complete in /m);
  assert.match(queued.stdout, /^runs: 4\/4 done, 0 running, 0 queued, 0 failed$/m);
  // The workers' output arrives once the event loop, held by the synchronous command above, turns again.
  await whenDefined(async () => (workers.flatMap(runsDoneBy).length >= 4 ? true : undefined), bench.signal);
  assert.equal(workers.flatMap(runsDoneBy).length, 4, workers.map((worker) => worker.output()).join('\n---\n'));

  const status = study('status', ['--store', store, '--queue', redis.url, '--status']);
  assert.equal(status.status, 0, status.stderr);
  assert.match(status.stdout, new RegExp(`^4 runs on ${redis.url.replace(/[/.]/g, '\\$&')}: 0 queued, 0 running, 4 done, 0 failed$`, 'm'));

  const local = study('local', ['--store', join(folder, 'local-store'), '--jobs', '1']);
  assert.equal(local.status, 0, local.stderr);
  for (const name of ['results.csv', 'aggregate.csv']) {
    const read = (root: string) => readFileSync(join(folder, root, 'quickstart-bits-ci', name), 'utf8');
    assert.equal(read('queued'), read('local'), `${name}: the queue's and the local pool's differ`);
  }
});

test('--status without --queue, and --shard with --queue, are refused (exit 2)', () => {
  const file = smallStudy();
  const lonely = runCli(['study', file, '--status']);
  assert.equal(lonely.status, 2);
  assert.match(lonely.stderr, /status -> queue|Missing dependent arguments/);
  const both = runCli(['study', file, '--shard', '0/2', '--queue', 'redis://127.0.0.1:1']);
  assert.equal(both.status, 2);
  assert.match(both.stderr, /mutually exclusive/);
});
