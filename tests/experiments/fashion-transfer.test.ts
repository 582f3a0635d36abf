// The fashion-transfer experiment's claims, measured: mask-only ≥ 97 % and the 90 %-sparse re-tuned net ≥ 95 % of dense fine-tuning.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { StorageReport } from '@ontogeny/core';
import { readSummary, runCli, runToDirectory } from '../cli/run-cli.js';

const dataset = '/usr/share/datasets/fashion-mnist';

test('fashion-transfer: structure learning matches weight learning, aging keeps it', { skip: !existsSync(dataset) && `${dataset} is absent (bash scripts/install.sh installs it)` }, () => {
  const out = mkdtempSync(join(tmpdir(), 'ontogeny-fashion-'));
  const runDirectory = runToDirectory('experiments/fashion-transfer.json', out);
  const summary = readSummary(runDirectory);
  const accuracy = (name: string) => summary.phases.find((phase) => phase.name === name)!.metrics.accuracy;
  const dense = accuracy('finetune-dense');
  const mask = accuracy('finetune-mask');
  const aged = accuracy('aging');
  const aging = summary.phases.find((phase) => phase.name === 'aging')!;
  console.log(`# fashion-transfer: dense ${dense}, probe ${accuracy('probe')}, mask ${mask} (${(mask / dense).toFixed(4)}), aged ${aged} (${(aged / dense).toFixed(4)}), density ${JSON.stringify(aging.density)}`);
  assert.ok(dense > 0.9, `dense fine-tuning reaches ${dense}`);
  assert.ok(mask >= 0.97 * dense, `mask-only ${mask} < 97 % of dense ${dense}`);
  assert.ok(aged >= 0.95 * dense, `aged ${aged} < 95 % of dense ${dense}`);
  assert.ok(aging.density.fc1 <= 0.1 + 1e-9 && aging.density.fc2 <= 0.1 + 1e-9, `90 % sparsity reached: ${JSON.stringify(aging.density)}`);

  // Storage: one float32 weight set shared by both tasks, plus one bit per weight per task, against a float32 copy per task
  const inspected = runCli(['inspect', runDirectory, '--json']);
  assert.equal(inspected.status, 0, inspected.stderr);
  const report = JSON.parse(inspected.stdout) as StorageReport;
  const weights = 784 * 300 + 300 * 100;
  assert.deepEqual(report.tasks.map((task) => task.phase), ['finetune-mask', 'aging']);
  assert.equal(report.totals.sharedBytes, weights * 4);
  for (const task of report.tasks) {
    assert.equal(task.maskBytes, Math.ceil(784 * 300 / 8) + Math.ceil(300 * 100 / 8));
    assert.equal(task.denseBytes, weights * 4);
  }
  assert.equal(report.totals.ontogenyBytes, report.totals.sharedBytes + 2 * report.tasks[0].maskBytes);
  assert.equal(report.totals.denseBytes, 2 * weights * 4);
  console.log(`# fashion-transfer storage: shared ${report.totals.sharedBytes} B + masks ${report.totals.maskBytes} B = ${report.totals.ontogenyBytes} B vs ${report.totals.denseBytes} B dense per task`);
});
