// Continual phases from the command line without Fashion-MNIST: tasks from CSV files in a row, and bad specs refused
// before any compute with the JSON path named.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Rng } from '@ontogeny/core';
import { readSummary, runCli } from '../cli/run-cli.js';

const folder = mkdtempSync(join(tmpdir(), 'ontogeny-continual-specs-'));

/** A CSV of 300 rows of 6 features whose label is the sign of one feature, `signal`: a task per column. */
function csvFile(name: string, signal: number): string {
  const rng = Rng.derive(11, 'continual-csv', name);
  const rows = Array.from({ length: 300 }, () => {
    const features = Array.from({ length: 6 }, () => rng.normal());
    return [...features.map((x) => x.toFixed(4)), features[signal]! > 0 ? 'up' : 'down'].join(',');
  });
  const file = join(folder, name);
  writeFileSync(file, `${['f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'label'].join(',')}\n${rows.join('\n')}\n`);
  return file;
}

function specFile(name: string, spec: unknown): string {
  const file = join(folder, `${name}.json`);
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

const csvSpec = (phase: Record<string, unknown>) => ({
  name: 'continual-csv', seed: 0, model: { use: 'mlp', with: { hidden: [16] } },
  tasks: Object.fromEntries([0, 1, 2].map((signal) => [`by-f${signal}`, { use: 'csv', with: { file: csvFile(`f${signal}.csv`, signal) } }])),
  phases: [
    { name: 'pretrain', kind: 'pretrain', task: 'by-f0', steps: 30, batch: 32, optimizer: { use: 'sgd', with: { lr: 0.1 } } },
    { name: 'continual', tasks: ['by-f1', 'by-f2', 'by-f0'], steps: 30, batch: 32, ...phase },
  ],
});

test('CSV files as a task sequence: masks and PackNet keep every task\'s accuracy, dense fine-tuning is measured', () => {
  const methods = {
    'continual-mask': { learner: { use: 'threshold' }, optimizer: { use: 'adam', with: { lr: 0.01 } }, headOptimizer: { use: 'adam', with: { lr: 0.01 } } },
    'continual-dense': { optimizer: { use: 'sgd', with: { lr: 0.1 } } },
    'continual-packnet': { optimizer: { use: 'sgd', with: { lr: 0.1 } }, retrainSteps: 10 },
  };
  for (const [kind, options] of Object.entries(methods)) {
    const out = mkdtempSync(join(folder, 'runs-'));
    const result = runCli(['run', specFile(kind, csvSpec({ kind, ...options })), '--out', out, '--quiet']);
    assert.equal(result.status, 0, result.stderr);
    const continual = readSummary(join(out, readdirSync(out)[0]!)).phases[1]!.continual!;
    assert.deepEqual(continual.tasks, ['by-f1', 'by-f2', 'by-f0']);
    console.log(`# CSV sequence, ${kind}: R after the last task ${continual.accuracy[2]!.map((v) => v!.toFixed(3)).join(' ')}, forgetting ${continual.forgetting}`);
    if (kind !== 'continual-dense') assert.equal(continual.forgetting, 0);
  }
});

test('an unknown task in `tasks` and a continual-mask without a head optimiser exit 2 with the JSON path', () => {
  const unknown = runCli(['run', specFile('unknown', csvSpec({ kind: 'continual-dense', tasks: ['by-f1', 'nope'], optimizer: { use: 'sgd' } })), '--out', folder]);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /at \/phases\/1\/tasks\/1: no task is named "nope" — expected one of by-f0, by-f1, by-f2/);
  const headless = runCli(['run', specFile('headless', csvSpec({ kind: 'continual-mask', learner: { use: 'threshold' }, optimizer: { use: 'adam' } })), '--out', folder]);
  assert.equal(headless.status, 2);
  assert.match(headless.stderr, /at \/phases\/1.*missing property — expected "headOptimizer"/);
});
