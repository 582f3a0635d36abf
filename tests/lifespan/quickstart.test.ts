// The quickstart lifespan end to end: reproducible to the byte, branches start from their phase, structure learning keeps values.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { readCheckpoint, type ModelState } from '@ontogeny/core';
import { readSummary, runToDirectory } from '../cli/run-cli.js';

function runQuickstart(out: string): string {
  const directory = runToDirectory('experiments/quickstart.json', out);
  assert.match(basename(directory), /^quickstart-[0-9a-f]{10}$/);
  return directory;
}

const first = runQuickstart(mkdtempSync(join(tmpdir(), 'ontogeny-quickstart-a-')));
const second = runQuickstart(mkdtempSync(join(tmpdir(), 'ontogeny-quickstart-b-')));

function values(state: ModelState, name: string): Float32Array {
  const parameter = state.parameters.find((p) => p.name === name);
  assert.ok(parameter, `checkpoint has ${name}`);
  return parameter.values;
}

test('the same spec and seed give byte-identical summary.json and events', () => {
  assert.equal(readFileSync(join(first, 'summary.json'), 'utf8'), readFileSync(join(second, 'summary.json'), 'utf8'));
  const events = (dir: string) => readFileSync(join(dir, 'events.jsonl'), 'utf8');
  assert.equal(events(first), events(second));
});

test('the summary lists the phases in order with kind, task, metrics and density per layer', () => {
  const summary = readSummary(first);
  assert.equal(summary.status, 'completed');
  assert.deepEqual(summary.phases.map((phase) => phase.name), ['pretrain', 'finetune-dense', 'probe', 'finetune-mask', 'aging', 'quantized']);
  for (const phase of summary.phases) {
    assert.equal(typeof phase.metrics.accuracy, 'number');
    assert.ok(phase.metrics.accuracy > 0.25, `${phase.name} beats chance (4 classes): ${phase.metrics.accuracy}`);
    assert.ok('fc1' in phase.density && 'fc2' in phase.density);
  }
  const aging = summary.phases.find((phase) => phase.name === 'aging')!;
  assert.ok(aging.density.fc1 <= 0.2 + 1e-9 && aging.density.fc2 <= 0.2 + 1e-9, `aging reached 80 % sparsity: ${JSON.stringify(aging.density)}`);
  assert.ok(aging.extra.sparsity >= 0.8);
  const spec = JSON.parse(readFileSync(join(first, 'spec.json'), 'utf8'));
  assert.equal(spec.phases[0].optimizer.with.nesterov, false, 'spec.json holds the resolved spec, defaults filled in');
});

test('branches start from their phase: the probe and the mask leave the pre-trained body values untouched', () => {
  const checkpoint = (phase: string) => readCheckpoint(join(first, 'checkpoints', `${phase}.ckpt`)).state;
  const pretrain = checkpoint('pretrain');
  const probe = checkpoint('probe');
  for (const [phase, state] of [['probe', probe], ['finetune-mask', checkpoint('finetune-mask')]] as const) {
    for (const name of ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']) {
      assert.deepEqual(values(state, name), values(pretrain, name), `${phase}: ${name} equals pre-training's`);
    }
  }
  assert.notDeepEqual(values(checkpoint('finetune-dense'), 'fc1.weight'), values(pretrain, 'fc1.weight'));
  assert.deepEqual(pretrain.heads, ['source']);
  assert.deepEqual(probe.heads, ['source', 'target']);
});

test('metrics.csv and timings.json are written; timings stay out of the summary', () => {
  const csv = readFileSync(join(first, 'metrics.csv'), 'utf8').trim().split('\n');
  assert.equal(csv[0], 'phase,step,metric,value,run,seed');
  assert.ok(csv.some((row) => row.startsWith('aging,') && row.includes(',density:fc1,')));
  const runFolder = first.split('/').at(-1)!;
  assert.ok(csv.slice(1).every((row) => row.endsWith(`,${runFolder},0`)), 'every row names its run and seed');
  assert.ok(csv.some((row) => row.startsWith('quantized,0,dose:quantize,4,')), 'the quantization dose is a row');
  const index = readFileSync(join(first, '..', 'runs.csv'), 'utf8').trim().split('\n');
  assert.equal(index[0], 'run,name,hash,seed,kernel,status,phases,last phase,last test accuracy');
  assert.match(index.find((line) => line.startsWith(`${runFolder},`)) ?? '', /,quickstart,\w+,0,\w+,completed,pretrain finetune-dense probe finetune-mask aging quantized,quantized,0\.\d+$/);
  const timings = JSON.parse(readFileSync(join(first, 'timings.json'), 'utf8'));
  assert.equal(typeof timings.phases.pretrain, 'number');
  assert.doesNotMatch(readFileSync(join(first, 'summary.json'), 'utf8'), /seconds/);
});
