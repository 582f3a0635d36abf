// The data fingerprint: each file by name, size and SHA-256; an unchanged file is read once per process, a changed one again.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs, { mkdtempSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type Mock } from 'node:test';
import { fingerprintFiles } from './data-fingerprint.js';

const folder = mkdtempSync(join(tmpdir(), 'ontogeny-fingerprint-'));
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Runs `look` with fs.readFileSync counted (the module reads through its named import, kept in step with fs). */
function readsDuring<T>(look: () => T): { result: T; reads: number } {
  const spy: Mock<typeof fs.readFileSync> = test.mock.method(fs, 'readFileSync');
  syncBuiltinESMExports();
  try {
    const result = look();
    return { result, reads: spy.mock.callCount() };
  } finally {
    spy.mock.restore();
    syncBuiltinESMExports();
  }
}

test('each file once, by name, size and SHA-256, ordered by name', () => {
  const b = join(folder, 'b.csv');
  const a = join(folder, 'a.csv');
  writeFileSync(b, 'x,y\n1,2\n');
  writeFileSync(a, 'x\n');
  assert.deepEqual(fingerprintFiles([b, a, join(folder, '.', 'b.csv')]), [
    { name: 'a.csv', bytes: 2, sha256: sha256('x\n') },
    { name: 'b.csv', bytes: 8, sha256: sha256('x,y\n1,2\n') },
  ]);
});

test('a file unchanged since it was fingerprinted is not read again (a reused run costs a stat per data file)', () => {
  const file = join(folder, 'unchanged.csv');
  writeFileSync(file, 'a,b\n3,4\n');
  const first = fingerprintFiles([file]);
  const again = readsDuring(() => fingerprintFiles([file]));
  assert.deepEqual(again.result, first);
  assert.equal(again.reads, 0);
});

test('a file rewritten with the same size and its modification time put back is read and hashed again', () => {
  const file = join(folder, 'rewritten.csv');
  writeFileSync(file, 'a,b\n3,4\n');
  const before = statSync(file);
  fingerprintFiles([file]);
  writeFileSync(file, 'a,b\n5,6\n');
  utimesSync(file, before.atime, before.mtime);
  const again = readsDuring(() => fingerprintFiles([file]));
  assert.deepEqual(again.result, [{ name: 'rewritten.csv', bytes: 8, sha256: sha256('a,b\n5,6\n') }]);
  assert.equal(again.reads, 1);
});
