// A queue that can't be used is an input error naming its URL (exit 2), found at once rather than retried forever.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cliErrors, parseQueueUrl } from '@ontogeny/cli';
import { isError } from '@ontogeny/core';
import { runCli } from '../cli/run-cli.js';
import { startRedis, type TestRedis } from './redis-server.js';

const store = mkdtempSync(join(tmpdir(), 'ontogeny-queue-errors-'));
let guarded: TestRedis;
before(async () => { guarded = await startRedis({ password: 'open-sesame' }); });
after(() => guarded.stop());

function worker(url: string) {
  return runCli(['worker', '--queue', url, '--store', store]);
}

test('a port where nothing listens: ONT_QUEUE_UNREACHABLE naming the URL, exit 2', async () => {
  const stopped = await startRedis();
  await stopped.stop();
  const result = worker(stopped.url);
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, /ONT_QUEUE_UNREACHABLE/);
  assert.ok(result.stderr.includes(stopped.url), result.stderr);
  assert.match(result.stderr, /connection refused/);
});

test('a URL that is not a Redis URL: ONT_QUEUE_URL_INVALID naming the flag and the URL, exit 2', () => {
  const result = worker('http://127.0.0.1:6379');
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, /ONT_QUEUE_URL_INVALID: --queue http:\/\/127\.0\.0\.1:6379: the scheme is http, not redis/);
  for (const [url, reason] of [['redis://127.0.0.1', /no port/], ['redis://127.0.0.1:6379/zero', /the database "zero" is not a number/], ['not a url', /not a URL/]] as const) {
    assert.throws(() => parseQueueUrl(url, '--queue'), (error: unknown) => isError(error, cliErrors.QUEUE_URL_INVALID) && reason.test((error as Error).message), url);
  }
  assert.deepEqual(parseQueueUrl('redis://user:p%40ss@10.0.0.5:6380/3', '--queue'), {
    shown: 'redis://user:***@10.0.0.5:6380/3',
    connection: { host: '10.0.0.5', port: 6380, db: 3, username: 'user', password: 'p@ss' },
  });
});

test('a missing or wrong password: ONT_QUEUE_AUTH_FAILED naming the URL without the password, exit 2', () => {
  const withoutPassword = guarded.url.replace(':open-sesame@', '');
  const missing = worker(withoutPassword);
  assert.equal(missing.status, 2, missing.stderr);
  assert.match(missing.stderr, /ONT_QUEUE_AUTH_FAILED/);
  assert.ok(missing.stderr.includes(withoutPassword), missing.stderr);
  const wrong = worker(guarded.url.replace('open-sesame', 'guessed-wrong'));
  assert.equal(wrong.status, 2, wrong.stderr);
  assert.match(wrong.stderr, /ONT_QUEUE_AUTH_FAILED/);
  assert.ok(wrong.stderr.includes(`redis://:***@127.0.0.1:${guarded.port}`), wrong.stderr);
  assert.doesNotMatch(wrong.stderr, /guessed-wrong/);
});

test('a database Redis does not have: ONT_QUEUE_UNREACHABLE naming it, exit 2', () => {
  const result = worker(`${guarded.url}/99`);
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, /ONT_QUEUE_UNREACHABLE: .*\/99: ERR DB index is out of range/);
});

test('worker options out of range: ONT_OPTION_INVALID naming the flag, exit 2', () => {
  const jobs = runCli(['worker', '--queue', guarded.url, '--store', store, '--jobs', '0']);
  assert.equal(jobs.status, 2, jobs.stderr);
  assert.match(jobs.stderr, /ONT_OPTION_INVALID: --jobs 0: expected a whole number/);
  const stalled = runCli(['worker', '--queue', guarded.url, '--store', store, '--stalled-after', '-1']);
  assert.equal(stalled.status, 2, stalled.stderr);
  assert.match(stalled.stderr, /ONT_OPTION_INVALID: --stalled-after -1/);
});
