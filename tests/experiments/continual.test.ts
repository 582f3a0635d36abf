// The continual-permuted experiment (CI profile): masks and PackNet forget exactly nothing, dense fine-tuning's forgetting
// is measured; the tasks' masks survive checkpoints, export and inspect.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { evaluate, findTask, openRun, type ContinualResult, type StorageReport, type Summary } from '@ontogeny/core';
import { loadRegistry } from '@ontogeny/cli';
import { readSummary, runCli, runToDirectory } from '../cli/run-cli.js';

const dataset = '/usr/share/datasets/fashion-mnist';
const skip = !existsSync(dataset) && `${dataset} is absent (bash scripts/install.sh installs it)`;
const TASKS = 10;

let runDirectory: string | null = null;
let summary: Summary | null = null;
/** The CI profile, run once for every test of this file. */
function run(): { dir: string; summary: Summary } {
  if (!runDirectory) {
    runDirectory = runToDirectory('experiments/continual-permuted.small.json', mkdtempSync(join(tmpdir(), 'ontogeny-continual-')));
    summary = readSummary(runDirectory);
  }
  return { dir: runDirectory, summary: summary! };
}

function continualOf(name: string): ContinualResult {
  const phase = run().summary.phases.find((p) => p.name === name);
  assert.ok(phase?.continual, `phase ${name} has a continual result`);
  return phase.continual;
}

const format = (c: ContinualResult) => `average ${c.averageAccuracy.toFixed(4)}, backward transfer ${c.backwardTransfer?.toFixed(4)}, forgetting ${c.forgetting?.toFixed(4)}`;

test('masks and PackNet forget exactly nothing: every column of R holds one value; dense fine-tuning\'s forgetting is measured', { skip }, () => {
  for (const name of ['masks', 'masks-4bit', 'dense', 'packnet']) {
    const c = continualOf(name);
    assert.deepEqual(c.tasks, Array.from({ length: TASKS }, (_, i) => `permuted/${i}`));
    assert.equal(c.accuracy.length, TASKS);
    c.accuracy.forEach((row, i) => {
      assert.equal(row.length, i + 1, `R row ${i} holds tasks 0…${i}`);
      for (const value of row) assert.ok(value !== null && value >= 0 && value <= 1);
    });
    console.log(`# continual-permuted (small) ${name}: ${format(c)}; R after the last task ${c.accuracy.at(-1)!.map((v) => v!.toFixed(3)).join(' ')}`);
  }
  for (const name of ['masks', 'masks-4bit', 'packnet']) {
    const c = continualOf(name);
    c.accuracy.forEach((row, i) => row.forEach((value, j) => assert.equal(value, c.accuracy[j]![j], `${name}: R[${i}][${j}] = R[${j}][${j}]`)));
    assert.equal(c.forgetting, 0);
    assert.equal(c.backwardTransfer, 0);
  }
  const dense = continualOf('dense');
  assert.ok(Number.isFinite(dense.forgetting) && Number.isFinite(dense.backwardTransfer));
});

test('task inference over all ten masks: both methods, every task\'s test batches', { skip }, () => {
  const inference = continualOf('masks').inference;
  assert.ok(inference);
  assert.equal(inference.batch, 100);
  assert.equal(inference.batches, TASKS * 2);
  assert.deepEqual(Object.keys(inference.methods).sort(), ['entropy-gradient', 'lowest-entropy']);
  for (const [method, result] of Object.entries(inference.methods)) {
    // One batch in 20 is a step of 0.05: the fraction found is a whole number of batches
    assert.ok(Number.isInteger(result.taskAccuracy * inference.batches), `${method}: ${result.taskAccuracy}`);
    assert.ok(result.accuracy >= 0 && result.accuracy <= 1);
    console.log(`# continual-permuted (small) task inference by ${method}: task found ${result.taskAccuracy}, accuracy ${result.accuracy.toFixed(4)}`);
  }
});

test('the checkpoint keeps every task\'s mask and head: task 3 restored from it scores R[9][3] again', { skip }, async () => {
  const { dir } = run();
  const opened = await openRun(dir, { registry: await loadRegistry(), phase: 'masks' });
  const { model, tasks } = opened.prepared;
  const layers = model.maskedParameters();
  for (const layer of layers) assert.equal(layer.taskMasks.size, TASKS);
  for (const layer of layers) layer.useTaskMask('permuted/3');
  const data = findTask(tasks, 'permuted/3')!;
  const metrics = evaluate(model, 'permuted/3', data, data.test, 256);
  assert.equal(metrics.accuracy, continualOf('masks').accuracy[TASKS - 1]![3]);
});

test('inspect accounts a mask and a head per added task against dense copies and PackNet; export writes one task\'s network', { skip }, () => {
  const { dir } = run();
  const inspected = runCli(['inspect', dir, '--phase', 'masks', '--json']);
  assert.equal(inspected.status, 0, inspected.stderr);
  const report = JSON.parse(inspected.stdout) as StorageReport;
  const weights = 784 * 100 + 100 * 50;
  const maskBytes = 784 * 100 / 8 + 100 * 50 / 8;
  const headBytes = (50 * 10 + 10) * 4;
  assert.equal(report.tasks.filter((t) => t.phase === 'masks').length, TASKS);
  const masks = report.continual.find((c) => c.phase === 'masks')!;
  assert.deepEqual(
    { tasks: masks.tasks, weights: masks.weights, bits: masks.weightBits, mask: masks.maskBytesPerTask, head: masks.headBytesPerTask, added: masks.bytesPerAddedTask, perWeight: masks.maskBitsPerWeight },
    { tasks: TASKS, weights, bits: 32, mask: maskBytes, head: headBytes, added: maskBytes + headBytes, perWeight: 1 },
  );
  assert.equal(masks.totals.masks, weights * 4 + TASKS * (maskBytes + headBytes));
  assert.equal(masks.totals.denseCopies, TASKS * (weights * 4 + headBytes));
  // PackNet names each weight's owner among 10 tasks or none: 4 bits
  assert.equal(masks.totals.packnet, weights * 4 + weights * 4 / 8 + TASKS * headBytes);
  const quantized = report.continual.find((c) => c.phase === 'masks-4bit')!;
  assert.equal(quantized.weightBits, 4);
  assert.ok(quantized.totals.masks < masks.totals.masks);

  const onnx = join(mkdtempSync(join(tmpdir(), 'ontogeny-continual-onnx-')), 'task3.onnx');
  const exported = runCli(['export', dir, '--phase', 'masks', '--task', 'permuted/3', '--onnx', onnx]);
  assert.equal(exported.status, 0, exported.stderr);
  assert.match(exported.stdout, /cross-check in ONNX Runtime on \d+ test examples of "permuted\/3"/);
  assert.ok(statSync(onnx).size > 0);
});

test('the generated language\'s three tasks in a row on a small BERT: masks and PackNet forget nothing there too', () => {
  const dir = runToDirectory('experiments/continual-language.small.json', mkdtempSync(join(tmpdir(), 'ontogeny-continual-language-')));
  const phases = readSummary(dir).phases;
  for (const name of ['masks', 'dense', 'packnet']) {
    const c = phases.find((p) => p.name === name)!.continual!;
    assert.deepEqual(c.tasks, ['paraphrase', 'acceptability', 'sentiment']);
    console.log(`# continual-language (small) ${name}: ${format(c)}`);
    if (name === 'dense') continue;
    c.accuracy.forEach((row, i) => row.forEach((value, j) => assert.equal(value, c.accuracy[j]![j], `${name}: R[${i}][${j}]`)));
    assert.equal(c.forgetting, 0);
  }
});
