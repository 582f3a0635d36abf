// The quantization dose-response as one study (experiments/quantization-dose.study.json), its CI profile end to end.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../cli/run-cli.js';

const dataset = '/usr/share/datasets/fashion-mnist';

test('quantization dose study, CI profile: 3 seeds × 2, 4 bits and none, aggregated with intervals, its claim holds', { skip: !existsSync(dataset) && `${dataset} is absent (bash scripts/install.sh installs it)` }, () => {
  const root = mkdtempSync(join(tmpdir(), 'ontogeny-quantization-study-'));
  const result = runCli(['study', 'experiments/quantization-dose.study.json', '--profile', 'ci', '--store', join(root, 'runs'), '--out', join(root, 'studies'), '--jobs', '2']);
  assert.equal(result.status, 0, result.stderr + result.stdout);
  assert.match(result.stdout, /3 points × 3 seeds = 9 runs/);
  assert.match(result.stdout, /✓ holds: 4 bits stay within 2 points of full precision/);
  const aggregate = readFileSync(join(root, 'studies', 'quantization-dose-ci', 'aggregate.csv'), 'utf8').trim().split('\n');
  const mask = aggregate.filter((line) => line.includes(',mask/accuracy,')).map((line) => line.split(','));
  assert.deepEqual(mask.map((cells) => [cells[0], cells[2]]), [['2', '3'], ['4', '3'], ['32', '3']], 'one row per dose, n = 3 seeds');
  for (const [, , , mean, , low, high] of mask.map((cells) => cells.map(Number))) {
    assert.ok(low < mean && mean < high && mean > 0.5, `mean ${mean} inside [${low}, ${high}] and above chance`);
  }
  console.log(`# quantization dose (CI profile): ${mask.map((cells) => `${cells[0]} bits ${Number(cells[3]).toFixed(4)} [${Number(cells[5]).toFixed(4)}, ${Number(cells[6]).toFixed(4)}]`).join('; ')}`);
});
