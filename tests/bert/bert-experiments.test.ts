// End to end: the BERT experiments' small profiles run through the CLI, write the expected summary, and repeat exactly.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Summary } from '@ontogeny/core';
import { readElectrode, readElectrodeIndex } from '@ontogeny/plugins';
import { readSummary, repositoryRoot, runFolders, runToDirectory } from '../cli/run-cli.js';

interface Spec {
  readonly phases: ReadonlyArray<{ name: string; kind: string; task?: string; from?: string; before?: unknown }>;
}

const work = mkdtempSync(join(tmpdir(), 'ontogeny-bert-'));
after(() => rmSync(work, { recursive: true, force: true }));

function run(spec: string, out: string): Summary {
  return readSummary(runToDirectory(join('experiments', spec), join(work, out)));
}

const readSpec = (file: string): Spec => JSON.parse(readFileSync(join(repositoryRoot, 'experiments', file), 'utf8')) as Spec;

test('the small and full profiles have the same phases (names, kinds, tasks, branches, disorders)', () => {
  for (const name of ['bert-glue', 'bert-heads']) {
    const shape = (spec: Spec) => spec.phases.map((p) => [p.name, p.kind, p.task ?? null, p.from ?? null, p.before !== undefined]);
    const full = shape(readSpec(`${name}.json`));
    const small = shape(readSpec(`${name}.small.json`));
    if (name === 'bert-heads') {
      // The small model has fewer heads, so a shorter removal curve of the same kind
      assert.deepEqual(small.slice(0, 2), full.slice(0, 2));
      assert.ok(small.length < full.length);
    } else {
      assert.deepEqual(small, full);
    }
  }
});

test('bert-glue (small profile): pre-training, then four fine-tunings per task, each with its metric; the same seed repeats exactly', () => {
  const summary = run('bert-glue.small.json', 'glue-a');
  const byName = new Map(summary.phases.map((phase) => [phase.name, phase]));
  assert.match(summary.tasks.mlm, /baselines: majority \d\.\d+, unigram \d\.\d+/);
  assert.ok(byName.get('pretrain')!.metrics.accuracy > byName.get('birth')!.metrics.accuracy);
  for (const [task, metric] of [['paraphrase', 'f1'], ['acceptability', 'mcc'], ['sentiment', 'accuracy']] as const) {
    for (const variant of ['dense', 'dense-random', 'mask', 'mask-random']) {
      const phase = byName.get(`${task}-${variant}`);
      assert.ok(phase, `${task}-${variant} missing`);
      assert.equal(phase.task, task);
      // Test (held-out words), dev and the in-distribution test, each with the task's metric
      for (const key of [metric, `dev:${metric}`, `seen-test:${metric}`, 'seen-test:accuracy']) {
        assert.ok(Number.isFinite(phase.metrics[key]), `${task}-${variant} has no ${key}`);
      }
    }
  }
  assert.ok(Number.isFinite(byName.get('paraphrase-mask')!.metrics.mcc), 'paraphrase reports MCC beside F1');
  assert.match(summary.tasks.paraphrase, /Constant predictors on test: majority accuracy 0\.500, always-positive F1 0\.667, constant MCC 0\.000/);
  // Every prunable matrix of the encoder is reported (Q, K, V, O, FFN in/out, pooler)
  assert.ok(['layer0.attention.query', 'layer0.attention.output', 'layer0.ffn.in', 'layer0.ffn.out', 'pooler.dense']
    .every((layer) => layer in byName.get('pretrain')!.density));
  const again = run('bert-glue.small.json', 'glue-b');
  assert.deepEqual(again.phases.map((p) => p.metrics), summary.phases.map((p) => p.metrics));
});

test('bert-glue (small profile): the electrodes reporter records activations and attention maps of fixed test sentences', () => {
  const out = join(work, 'glue-a');
  const directory = join(out, runFolders(out)[0]!);
  const index = readElectrodeIndex(directory);
  const where = new Set(index.records.map((record) => `${record.label}@${record.step}`));
  assert.ok(['pretrain@2', 'pretrain@10', 'sentiment-dense@2', 'sentiment-mask@2'].every((key) => where.has(key)), [...where].join(' '));
  assert.ok(![...where].some((key) => key.startsWith('paraphrase')), 'only the phases asked for are recorded');
  const attention = index.records.find((record) => record.kind === 'attention')!;
  const [K, H, T] = attention.shape;
  const maps = readElectrode(directory, attention);
  for (let row = 0; row < K * H * T; row++) {
    const sum = maps.subarray(row * T, (row + 1) * T).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - 1) < 1e-4, `attention row ${row} sums to ${sum}`);
  }
  const pretrainTokens = index.records.filter((record) => record.kind === 'tokens' && record.label === 'pretrain')
    .map((record) => Array.from(readElectrode(directory, record)).join());
  assert.ok(pretrainTokens.length > 1 && pretrainTokens.every((sequence) => sequence === pretrainTokens[0]), 'the same sentences at every step');
});

test('bert-heads (small profile): heads are removed one by one, by importance and at random, each removal evaluated', () => {
  const summary = run('bert-heads.small.json', 'heads');
  const curve = (order: string) => summary.phases.filter((p) => p.name.startsWith(`${order}-`));
  for (const order of ['importance', 'random']) {
    const phases = curve(order);
    assert.equal(phases.length, 3); // 2 layers × 2 heads, all but one removed
    // Each removal takes one head's columns of an attention output off the mask: 4 columns of 16 per head
    const removedColumns = phases.map((p) => (1 - p.density['layer0.attention.output']) + (1 - p.density['layer1.attention.output']));
    removedColumns.forEach((removed, i) => assert.ok(Math.abs(removed - 0.5 * (i + 1)) < 1e-9, `${order}-${i + 1}: ${removed}`));
    for (const phase of phases) assert.ok(Number.isFinite(phase.metrics.mcc));
  }
});
