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
  assert.match(stderr, /ONT_PLUGIN_UNKNOWN/);
  assert.match(stderr, /\/phases\/0\/optimizer\/use: no optimizer plugin named "sgdd" \(did you mean "sgd"\?\) — expected one of .*sgd.*--plugin/);
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
  assert.match(stderr, /ONT_OPTION_INVALID: --data: .*no-such-folder \(no such file or folder\)/);
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

test('an unknown --kernel is blamed on the flag, whose choices --help lists', () => {
  const stderr = runBad('bad-kernel', teacherSpec(), ['--kernel', 'gpu']);
  assert.match(stderr, /ONT_OPTION_INVALID: --kernel: expected one of auto, native, reference, found "gpu"/);
  assert.match(runCli(['run', '--help']).stdout, /--kernel .*\[choices: "auto", "native", "reference"\]/);
  const file = join(work, 'bad-kernel.json');
  const verdict = runCli(['validate', file, '--kernel', 'gpu', '--json']);
  assert.equal(verdict.status, 2);
  assert.deepEqual(JSON.parse(verdict.stdout), {
    file, valid: false, code: 'ONT_OPTION_INVALID', problems: [],
    message: 'ONT_OPTION_INVALID: --kernel: expected one of auto, native, reference, found "gpu"',
  });
});

test('an unknown --kind of plugins is blamed on the flag with the kinds', () => {
  const result = runCli(['plugins', '--kind', 'schedules']);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /ONT_OPTION_INVALID: --kind: expected one of model, task, .*schedule, criterion, .*, found "schedules"/);
  assert.match(runCli(['plugins', '--help']).stdout, /--kind .*\[choices: "model", "task", /);
});

test('a --seed that is not a number is blamed on the flag', () => {
  const stderr = runBad('bad-seed', teacherSpec(), ['--seed', 'abc']);
  assert.match(stderr, /ONT_OPTION_INVALID: --seed: expected a non-negative integer, found "abc"/);
});

test('--data naming a file', () => {
  const file = join(work, 'not-a-folder.txt');
  writeFileSync(file, 'x');
  const stderr = runBad('data-is-file', teacherSpec(), ['--data', file]);
  assert.match(stderr, /ONT_OPTION_INVALID: --data: expected a folder.*not-a-folder\.txt \(a file\)/);
});

test('--out naming a file, or a folder under a file', () => {
  const file = join(work, 'out-is-file.txt');
  writeFileSync(file, 'x');
  for (const out of [file, join(file, 'runs')]) {
    const spec = join(work, 'out-spec.json');
    writeFileSync(spec, JSON.stringify(teacherSpec()));
    const result = runCli(['run', spec, '--out', out]);
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, new RegExp(`ONT_RUN_STORE_UNUSABLE: ${out}: cannot hold run folders`));
  }
});

test('a spec nested ten thousand levels deep names where', () => {
  const deep = JSON.stringify(teacherSpec()).replace(/}$/, `,"description":${'['.repeat(10000)}${']'.repeat(10000)}}`);
  const stderr = runBad('deep', deep);
  assert.match(stderr, /ONT_SPEC_UNREADABLE.*nested deeper than 64 levels at \/description\/0\/0/);
});

test('a spec saved with a UTF-8 byte-order mark is read', () => {
  const file = join(work, 'bom.json');
  writeFileSync(file, `\uFEFF${JSON.stringify(teacherSpec())}`);
  const result = runCli(['validate', file]);
  assert.equal(result.status, 0, result.stderr);
});

test('steps or epochs past the limit, and widths that cannot be allocated', () => {
  assert.match(runBad('huge-steps', teacherSpec((s) => { s.phases[0].steps = 1e12; })), /at \/phases\/0\/steps: out of range — expected a number <= 10000000/);
  assert.match(runBad('huge-epochs', teacherSpec((s) => { delete s.phases[0].steps; s.phases[0].epochs = 1e12; })), /at \/phases\/0\/epochs: .* steps — expected at most 10000000 steps/);
  assert.match(runBad('huge-width', teacherSpec((s) => { s.model.with.hidden = [1e12]; })), /at \/model\/with \(plugin "mlp"\): the network cannot be allocated/);
});

test('a name too long for a file name', () => {
  assert.match(runBad('long-name', teacherSpec((s) => { s.name = 'x'.repeat(300); })), /at \/name: must NOT have more than 100 characters/);
});

test('a CSV whose labels are all one class, or fractional numbers', () => {
  const oneClass = join(work, 'one-class.csv');
  writeFileSync(oneClass, `x1,x2,label\n${Array.from({ length: 10 }, (_, i) => `${i},${i * 2},a`).join('\n')}\n`);
  assert.match(runBad('one-class', teacherSpec((s) => { s.tasks.a = { use: 'csv', with: { file: oneClass } }; })), /ONT_DATA_CORRUPT.*one-class\.csv: expected at least 2 classes/);
  const measured = join(work, 'measured.csv');
  writeFileSync(measured, `x1,x2,label\n${Array.from({ length: 10 }, (_, i) => `${i},${i * 2},${i / 4}`).join('\n')}\n`);
  assert.match(runBad('fractional', teacherSpec((s) => { s.tasks.a = { use: 'csv', with: { file: measured } }; })), /ONT_DATA_CORRUPT.*measured\.csv: expected class labels .*fractional number 0\.25/);
});

test("a schedule's begin after its end is refused at the schedule", () => {
  const stderr = runBad('begin-after-end', teacherSpec((s) => {
    s.phases.push({ name: 'aging', kind: 'prune', steps: 20, schedule: { use: 'cubic', with: { to: 0.5, begin: 15, end: 5 } }, criterion: { use: 'magnitude' } });
  }));
  assert.match(stderr, /at \/phases\/1\/schedule\/with \(plugin "cubic"\): begin \(15\) is after end \(5\)/);
});

test('validate makes the checks run makes: a disorder on a layer that does not exist, a pretrained head for an unknown task', () => {
  const lesion = join(work, 'lesion.json');
  writeFileSync(lesion, JSON.stringify(teacherSpec((s) => { s.phases[0].after = [{ use: 'lesion', layers: ['fc9'], with: { fraction: 0.5 } }]; })));
  const result = runCli(['validate', lesion]);
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, /at \/phases\/0\/after\/0\/layers\/0: no masked layer named "fc9"/);
  const head = join(work, 'pretrained-head.json');
  writeFileSync(head, JSON.stringify(teacherSpec((s) => { s.pretrained = { onnx: 'weights.onnx', head: 'zzz' }; })));
  const headResult = runCli(['validate', head]);
  assert.equal(headResult.status, 2, headResult.stderr);
  assert.match(headResult.stderr, /at \/pretrained\/head: no task named "zzz"/);
});
