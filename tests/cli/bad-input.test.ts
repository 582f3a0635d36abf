// Bad input exits 2 with a message naming the JSON path or the file and line, and writes no run directory.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { runCli } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'ontogeny-bad-input-'));

function teacherSpec(patch: (spec: Record<string, any>) => void = () => {}): Record<string, any> {
  const spec: Record<string, any> = {
    name: 'bad',
    model: { use: 'mlp', with: { hidden: [8] } },
    tasks: { a: { use: 'teacher', with: { task: 0 } } },
    phases: [{ name: 'pretrain', kind: 'pretrain', task: 'a', steps: 2, optimizer: { use: 'sgd', with: { lr: 0.1 } } }],
  };
  patch(spec);
  return spec;
}

/** Writes `spec` to a file, runs it with --out in a fresh folder, and checks the exit and that nothing was written. */
function runBad(name: string, spec: unknown, extra: readonly string[] = []): string {
  const file = join(work, `${name}.json`);
  writeFileSync(file, typeof spec === 'string' ? spec : JSON.stringify(spec));
  const out = join(work, `${name}-runs`);
  const result = runCli(['run', file, '--out', out, ...extra]);
  assert.equal(result.status, 2, `exit status for ${name}: ${result.status}\n${result.stderr}`);
  assert.ok(!existsSync(out) || readdirSync(out).length === 0, `${name} left a run directory`);
  assert.doesNotMatch(result.stderr, /^\s+at .*:\d+:\d+\)?$/m, 'no stack trace');
  return result.stderr;
}

test('an unknown plugin', () => {
  const stderr = runBad('unknown-plugin', teacherSpec((s) => { s.phases[0].optimizer.use = 'sgdd'; }));
  assert.match(stderr, /ONT_SPEC_INVALID/);
  assert.match(stderr, /\/phases\/0\/optimizer\/use.*expected one of .*sgd.*found "sgdd"/);
});

test('an option out of range', () => {
  const stderr = runBad('out-of-range', teacherSpec((s) => { s.phases[0].optimizer.with.lr = -0.5; }));
  assert.match(stderr, /\/phases\/0\/optimizer\/with\/lr \(plugin "sgd"\): out of range/);
});

test('a misspelled key', () => {
  const stderr = runBad('misspelled', teacherSpec((s) => { s.phases[0].batchsize = 3; }));
  assert.match(stderr, /at \/phases\/0: unknown property — expected one of .*batch.*found "batchsize"/);
});

test('a spec that is not JSON names the line', () => {
  const stderr = runBad('not-json', '{\n  "name": "x",\n  oops\n}');
  assert.match(stderr, /ONT_SPEC_UNREADABLE.*line 3/);
});

test('a missing data folder', () => {
  const stderr = runBad('missing-data', teacherSpec((s) => {
    s.tasks.a = { use: 'fashion-mnist', with: { classes: [0, 1] } };
  }), ['--data', join(work, 'no-such-folder')]);
  assert.match(stderr, /ONT_DATA_MISSING/);
  assert.match(stderr, /no-such-folder/);
});

test('a truncated IDX file', () => {
  const data = join(work, 'truncated-idx');
  mkdirSync(data, { recursive: true });
  const header = Buffer.alloc(16);
  header.writeUInt32BE(0x00000803, 0);
  header.writeUInt32BE(100, 4);
  header.writeUInt32BE(28, 8);
  header.writeUInt32BE(28, 12);
  const images = gzipSync(Buffer.concat([header, Buffer.alloc(28 * 28 * 10)])); // 10 of the 100 images declared
  const labelHeader = Buffer.alloc(8);
  labelHeader.writeUInt32BE(0x00000801, 0);
  labelHeader.writeUInt32BE(100, 4);
  const labels = gzipSync(Buffer.concat([labelHeader, Buffer.alloc(100)]));
  for (const prefix of ['train', 't10k']) {
    writeFileSync(join(data, `${prefix}-images-idx3-ubyte.gz`), images);
    writeFileSync(join(data, `${prefix}-labels-idx1-ubyte.gz`), labels);
  }
  const stderr = runBad('truncated-idx', teacherSpec((s) => {
    s.tasks.a = { use: 'fashion-mnist', with: { classes: [0, 1] } };
  }), ['--data', data]);
  assert.match(stderr, /ONT_DATA_CORRUPT/);
  assert.match(stderr, /images-idx3-ubyte\.gz/);
});

test('a CSV with a non-numeric cell names the file and line', () => {
  const csv = join(work, 'table.csv');
  writeFileSync(csv, 'x1,x2,label\n0.5,1.5,a\n0.25,oops,b\n1,2,a\n');
  const stderr = runBad('bad-csv', teacherSpec((s) => {
    s.tasks.a = { use: 'csv', with: { file: csv } };
  }));
  assert.match(stderr, /ONT_DATA_CORRUPT/);
  assert.match(stderr, /table\.csv.*line 3/);
});

test('an unknown --kernel', () => {
  const stderr = runBad('bad-kernel', teacherSpec(), ['--kernel', 'gpu']);
  assert.match(stderr, /kernel/);
});
