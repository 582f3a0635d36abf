// A queue that can't be used is an input error naming its URL (exit 2), found at once rather than retried forever.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
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
  for (const url of ['http://127.0.0.1:6379', 'redis://127.0.0.1', 'redis://127.0.0.1:6379/zero', 'not a url']) {
    const result = worker(url);
    assert.equal(result.status, 2, `${url}: ${result.stderr}`);
    assert.match(result.stderr, /ONT_QUEUE_URL_INVALID: --queue /);
    assert.ok(result.stderr.includes(url), result.stderr);
  }
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
