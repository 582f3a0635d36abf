// The run folder tells the truth: a completed run is reused, an interrupted one resumed or cleared, a live one refused, other data another folder.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readSummary, runCli, runFolders, runToDirectory } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'ontogeny-run-store-'));

function writeSpec(name: string, patch: (spec: Record<string, any>) => void = () => {}): string {
  const spec: Record<string, any> = {
    name,
    model: { use: 'mlp', with: { hidden: [8] } },
    tasks: { a: { use: 'teacher', with: { task: 0 } } },
    phases: [
      { name: 'pretrain', kind: 'pretrain', task: 'a', steps: 20, optimizer: { use: 'sgd', with: { lr: 0.1 } } },
      { name: 'tune', kind: 'finetune-dense', steps: 10, optimizer: { use: 'sgd', with: { lr: 0.05 } } },
    ],
  };
  patch(spec);
  const file = join(work, `${name}.json`);
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

/** Marks a finished run folder as one whose writer was killed: summary.json still says running. */
function markInterrupted(dir: string): void {
  const summary = readSummary(dir);
  writeFileSync(join(dir, 'summary.json'), JSON.stringify({ ...summary, status: 'running', phases: summary.phases.slice(0, 1) }));
}

test('a completed run is not run again: the command says where its results are, and --force clears the folder and runs it', () => {
  const spec = writeSpec('reused');
  const out = join(work, 'reused-runs');
  const dir = runToDirectory(spec, out);
  assert.equal(readSummary(dir).status, 'completed');
  const written = statSync(join(dir, 'events.jsonl')).mtimeMs;
  const again = runCli(['run', spec, '--out', out]);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, new RegExp(`already completed: results in ${dir}/`));
  assert.doesNotMatch(again.stdout, /pretrain:/, 'nothing was narrated, so nothing ran');
  assert.equal(statSync(join(dir, 'events.jsonl')).mtimeMs, written);
  writeFileSync(join(dir, 'stray.txt'), 'left from before');
  const forced = runCli(['run', spec, '--out', out, '--force', '--quiet']);
  assert.equal(forced.status, 0, forced.stderr);
  assert.ok(!existsSync(join(dir, 'stray.txt')), '--force clears the folder first');
  assert.equal(readSummary(dir).status, 'completed');
});

test('an interrupted run is neither overwritten nor mixed: without --resume or --force the command names both and exits 2', () => {
  const spec = writeSpec('interrupted');
  const out = join(work, 'interrupted-runs');
  const dir = runToDirectory(spec, out);
  const expected = readFileSync(join(dir, 'summary.json'), 'utf8');
  markInterrupted(dir);
  const refused = runCli(['run', spec, '--out', out]);
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /ONT_RUN_INTERRUPTED/);
  assert.match(refused.stderr, /--resume/);
  assert.match(refused.stderr, /--force/);
  const resumed = runCli(['run', spec, '--out', out, '--resume']);
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(resumed.stdout, /resuming from .*checkpoints\/progress\/\d+\.ckpt/);
  assert.equal(readFileSync(join(dir, 'summary.json'), 'utf8'), expected);
  assert.equal(runCli(['run', spec, '--out', out, '--resume', '--force']).status, 2, 'the two flags exclude each other');
});

test('a folder another live process writes is refused, naming the process; a lock left by a dead one is taken over', async () => {
  const spec = writeSpec('locked');
  const out = join(work, 'locked-runs');
  const dir = runToDirectory(spec, out);
  markInterrupted(dir);
  const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  try {
    const startTicks = Number(readFileSync(`/proc/${holder.pid}/stat`, 'utf8').split(') ')[1].split(' ')[19]);
    writeFileSync(join(dir, 'run.lock'), JSON.stringify({ pid: holder.pid, host: (await import('node:os')).hostname(), started: new Date().toISOString(), processStart: startTicks }));
    const refused = runCli(['run', spec, '--out', out, '--resume']);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, new RegExp(`ONT_RUN_LOCKED.*pid ${holder.pid}`));
  } finally {
    holder.kill('SIGKILL');
  }
  await new Promise((done) => holder.once('exit', done));
  const taken = runCli(['run', spec, '--out', out, '--resume', '--quiet']);
  assert.equal(taken.status, 0, taken.stderr);
  assert.ok(!existsSync(join(dir, 'run.lock')), 'the lock is given back at the end');
});

test('the data a run reads is part of its name: the same spec on a changed CSV lands in another folder', () => {
  const csv = join(work, 'table.csv');
  const table = (flip: boolean) => ['x1,x2,label', ...Array.from({ length: 40 }, (_, i) => `${i % 7},${(i * 3) % 5},${(i % 2 === 0) !== flip ? 'a' : 'b'}`)].join('\n');
  writeFileSync(csv, table(false));
  const spec = writeSpec('csv-data', (s) => { s.tasks.a = { use: 'csv', with: { file: csv } }; });
  const out = join(work, 'csv-runs');
  const first = runToDirectory(spec, out);
  writeFileSync(csv, table(true));
  runToDirectory(spec, out);
  const folders = runFolders(out);
  assert.equal(folders.length, 2, `two folders: ${folders.join(', ')}`);
  const recorded = JSON.parse(readFileSync(join(first, 'spec.json'), 'utf8')).data;
  assert.deepEqual(recorded.map((file: { name: string }) => file.name), ['table.csv']);
  assert.match(recorded[0].sha256, /^[0-9a-f]{64}$/);
});

test('export and inspect refuse a checkpoint that summary.json does not record', () => {
  const spec = writeSpec('stale');
  const dir = runToDirectory(spec, join(work, 'stale-runs'));
  writeFileSync(join(dir, 'checkpoints', 'pretrain.ckpt'), readFileSync(join(dir, 'checkpoints', 'tune.ckpt')));
  const inspected = runCli(['inspect', dir, '--phase', 'pretrain']);
  assert.equal(inspected.status, 2);
  assert.match(inspected.stderr, /ONT_CHECKPOINT_STALE.*pretrain\.ckpt/);
  const exported = runCli(['export', dir, '--phase', 'pretrain', '--onnx', join(work, 'stale.onnx')]);
  assert.equal(exported.status, 2);
  assert.match(exported.stderr, /ONT_CHECKPOINT_STALE/);
  markInterrupted(dir);
  const unfinished = runCli(['inspect', dir, '--phase', 'tune']);
  assert.equal(unfinished.status, 2);
  assert.match(unfinished.stderr, /ONT_CHECKPOINT_STALE.*no finished phase "tune"/);
});
