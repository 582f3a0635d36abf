// Continual learning as a study (experiments/continual-permuted.study.json), its CI profile end to end: over three
// seeds the masks forget exactly nothing and dense fine-tuning forgets more, as claims with intervals.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../cli/run-cli.js';

const dataset = '/usr/share/datasets/fashion-mnist';

test('continual-permuted study, CI profile: 3 seeds, forgetting aggregated with intervals, its claims hold', { skip: !existsSync(dataset) && `${dataset} is absent (bash scripts/install.sh installs it)` }, () => {
  const root = mkdtempSync(join(tmpdir(), 'ontogeny-continual-study-'));
  const result = runCli(['study', 'experiments/continual-permuted.study.json', '--profile', 'ci', '--store', join(root, 'runs'), '--out', join(root, 'studies'), '--jobs', '2']);
  assert.equal(result.status, 0, result.stderr + result.stdout);
  assert.match(result.stdout, /✓ holds: masks forget nothing/);
  assert.match(result.stdout, /✓ holds: masks over 4-bit weights forget nothing/);
  assert.match(result.stdout, /✓ holds: dense fine-tuning forgets more than the masks/);
  // metric,n,mean,sd,ci95_low,ci95_high,interval
  const rows = readFileSync(join(root, 'studies', 'continual-permuted-ci', 'aggregate.csv'), 'utf8').trim().split('\n').map((line) => line.split(','));
  const forgetting = (phase: string) => rows.find((cells) => cells[0] === `${phase}/forgetting`)!;
  for (const phase of ['masks', 'masks-4bit', 'packnet']) {
    const [, n, mean, sd, low, high] = forgetting(phase);
    assert.deepEqual([n, mean, sd, low, high].map(Number), [3, 0, 0, 0, 0], `${phase}: forgetting 0 in every seed`);
  }
  const [, , mean, , low, high] = forgetting('dense').map(Number);
  console.log(`# continual-permuted study (CI profile): dense forgetting ${mean!.toFixed(4)} [${low!.toFixed(4)}, ${high!.toFixed(4)}] over 3 seeds`);
});
