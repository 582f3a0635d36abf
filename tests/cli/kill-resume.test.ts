// SIGKILL a real lifespan at random points, inside phases and between them; resumed from the command line, it ends byte for byte as a run never killed.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { runCli, runFolders, runToDirectory, startCli } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'ontogeny-kill-resume-'));
const RESULT_FILES = ['summary.json', 'metrics.csv', 'events.jsonl'] as const;

const spec = join(work, 'lifespan.json');
writeFileSync(spec, JSON.stringify({
  name: 'killed',
  checkpointEvery: 5,
  model: { use: 'mlp', with: { hidden: [32, 16] } },
  tasks: { source: { use: 'teacher', with: { task: 0 } }, target: { use: 'teacher', with: { task: 1 } } },
  phases: [
    { name: 'pretrain', kind: 'pretrain', task: 'source', steps: 60, batch: 64, optimizer: { use: 'sgd', with: { lr: 0.05, momentum: 0.9 } } },
    { name: 'finetune-mask', kind: 'finetune-mask', task: 'target', steps: 40, batch: 64, learner: { use: 'threshold' },
      optimizer: { use: 'adam', with: { lr: 0.001 } }, headOptimizer: { use: 'adam', with: { lr: 0.01 } } },
    { name: 'aging', kind: 'prune', steps: 100, batch: 64, schedule: { use: 'cubic', with: { to: 0.8, every: 20 } }, criterion: { use: 'magnitude' },
      retune: { steps: 10, learner: { use: 'threshold' }, optimizer: { use: 'adam', with: { lr: 0.001 } } } },
    { name: 'quantized', kind: 'evaluate', before: [{ use: 'quantize', with: { bits: 4 } }] },
  ],
  logEvery: 5,
}));

/** Lines of the run folder's events.jsonl so far (0 before it exists). */
function eventLines(out: string): number {
  const folders = existsSync(out) ? runFolders(out) : [];
  const file = folders.length > 0 ? join(out, folders[0], 'events.jsonl') : null;
  return file && existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
}

/** Starts the run and SIGKILLs it once its log holds `lines` events; resolves when it is dead. */
async function killAt(out: string, lines: number): Promise<void> {
  const child = startCli(['run', spec, '--out', out, '--quiet']);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const watching = setInterval(() => { if (eventLines(out) >= lines) child.kill('SIGKILL'); }, 5);
  await exited;
  clearInterval(watching);
}

const reference = runToDirectory(spec, join(work, 'reference'));
const expected = new Map(RESULT_FILES.map((file) => [file, readFileSync(join(reference, file), 'utf8')]));

test('killed at random events (inside and between phases) and resumed, a lifespan writes the same summary, metrics and events', async () => {
  const total = expected.get('events.jsonl')!.trim().split('\n').length;
  const seed = Date.now() % 2 ** 31;
  process.stdout.write(`# kill points drawn with fast-check seed ${seed}\n`);
  const points = fc.sample(fc.integer({ min: 3, max: total - 2 }), { numRuns: 4, seed });
  for (const [index, point] of points.entries()) {
    const out = join(work, `killed-${index}`);
    await killAt(out, point);
    const dir = join(out, runFolders(out)[0]);
    assert.notEqual(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).status, 'completed', `killed at event ${point} before the end`);
    const refused = runCli(['run', spec, '--out', out]);
    assert.equal(refused.status, 2, 'a killed folder is neither overwritten nor continued without --resume or --force');
    const resumed = index % 2 === 0 ? runCli(['run', spec, '--out', out, '--resume']) : runCli(['resume', dir]);
    assert.equal(resumed.status, 0, resumed.stderr);
    for (const file of RESULT_FILES) {
      assert.equal(readFileSync(join(dir, file), 'utf8'), expected.get(file), `${file} after a kill at event ${point} of ${total}`);
    }
  }
});

test('a damaged latest checkpoint is passed over for the one before it, and the result is still the same', async () => {
  const out = join(work, 'damaged');
  await killAt(out, 40);
  const dir = join(out, runFolders(out)[0]);
  const progress = join(dir, 'checkpoints', 'progress');
  const latest = readdirSync(progress).filter((name) => name.endsWith('.ckpt')).sort().at(-1)!;
  const bytes = readFileSync(join(progress, latest));
  bytes[bytes.length >> 1] ^= 0xff;
  writeFileSync(join(progress, latest), bytes);
  const resumed = runCli(['resume', dir]);
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(resumed.stderr, /passing over a damaged checkpoint: .*checksum does not match/);
  assert.match(resumed.stdout, /resuming from .*progress\/\d+\.ckpt/);
  assert.doesNotMatch(resumed.stdout, new RegExp(`resuming from .*${latest}`));
  for (const file of RESULT_FILES) assert.equal(readFileSync(join(dir, file), 'utf8'), expected.get(file), file);
});
