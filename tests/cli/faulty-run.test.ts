// Faults while a valid run runs: a plugin that throws or breaks its contract is named with its phase, NaN weights are divergence, a closed stdout is survived.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readSummary, runCli, runFolders, startCli } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'ontogeny-faulty-run-'));

/** A plugin module with three disorders: one that throws, one that returns no report, one that writes NaN into every weight. */
const plugin = join(work, 'faulty-disorders.mjs');
writeFileSync(plugin, `
const disorder = (name, apply) => ({
  kind: 'disorder', name, version: '1.0.0', core: '^0.1.0', source: 'a test of faults', description: 'A faulty disorder.',
  options: { type: 'object', additionalProperties: false, properties: {} },
  create: () => ({ apply }),
});
export const plugins = [
  disorder('throws', () => { throw new Error('the synapses are on fire'); }),
  disorder('no-report', () => 42),
  disorder('nan-everywhere', (target) => {
    for (const w of target.layers) w.values.fill(NaN);
    return { dose: 1, detail: {} };
  }),
];
`);

function specWith(name: string, disorder: string): string {
  const file = join(work, `${name}.json`);
  writeFileSync(file, JSON.stringify({
    name,
    model: { use: 'mlp', with: { hidden: [8] } },
    tasks: { a: { use: 'teacher', with: { task: 0 } } },
    phases: [
      { name: 'pretrain', kind: 'pretrain', task: 'a', steps: 4, optimizer: { use: 'sgd', with: { lr: 0.1 } } },
      { name: 'sick', kind: 'evaluate', before: [{ use: disorder }] },
    ],
  }));
  return file;
}

for (const [disorder, message] of [
  ['throws', /ONT_PLUGIN_FAILED: plugin disorder "throws" failed in phase "sick": apply\(\) threw: the synapses are on fire/],
  ['no-report', /ONT_PLUGIN_FAILED: plugin disorder "no-report" failed in phase "sick": apply\(\) broke its contract: it returned 42/],
] as const) {
  test(`a disorder that ${disorder === 'throws' ? 'throws' : 'breaks its contract'} is named with its phase; exit 1 and the run is marked failed`, () => {
    const out = join(work, `${disorder}-runs`);
    const result = runCli(['run', specWith(disorder, disorder), '--out', out, '--plugin', plugin, '--quiet']);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, message);
    assert.doesNotMatch(result.stderr, /internal error/);
    const summary = readSummary(join(out, runFolders(out)[0]));
    assert.equal(summary.status, 'failed');
    assert.deepEqual(summary.phases.map((phase) => phase.name), ['pretrain']);
  });
}

test('NaN in every weight is divergence, though the ReLU maps it to 0; --fail-on-diverge makes it exit 1', () => {
  const spec = specWith('nan', 'nan-everywhere');
  const out = join(work, 'nan-runs');
  const result = runCli(['run', spec, '--out', out, '--plugin', plugin, '--quiet', '--fail-on-diverge']);
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stderr, /diverged \(NaN or Inf\) in phase sick/);
  const summary = readSummary(join(out, runFolders(out)[0]));
  assert.equal(summary.status, 'completed');
  assert.deepEqual(summary.phases.map((phase) => phase.diverged), [false, true]);
});

test('a closed stdout (`ontogeny run … | head -2`) turns narration off and the run completes', async () => {
  const out = join(work, 'epipe-runs');
  const child = startCli(['run', specWith('epipe', 'nan-everywhere'), '--out', out, '--plugin', plugin]);
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += String(chunk); });
  // The reader leaves after the first line, as `head -1` would
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  assert.equal(code, 0, stderr);
  assert.doesNotMatch(stderr, /EPIPE/);
  assert.equal(readSummary(join(out, runFolders(out)[0])).status, 'completed');
});
