// End to end: a lifespan starting from an ONNX file; bad ONNX files refused with exit 2; `export` and `inspect` on a finished run.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { readCheckpoint, type StorageReport } from '@ontogeny/core';
import { parseOnnx } from '@ontogeny/core/onnx';
import { repositoryRoot, runCli, runToDirectory } from '../cli/run-cli.js';
import { knownLayers, metadataOf, mlpOnnx } from './onnx-files.js';

const teacher = (task: number) => ({ use: 'teacher', with: { task, train: 400, test: 200 } });

function pretrainedSpec(onnx: string) {
  return {
    name: 'from-onnx', seed: 0,
    model: { use: 'mlp', with: { hidden: [16, 12] } },
    tasks: { source: teacher(0), target: teacher(1) },
    pretrained: { onnx },
    phases: [
      { name: 'imported', kind: 'evaluate', task: 'source' },
      {
        name: 'masked', kind: 'finetune-mask', task: 'target', epochs: 1, batch: 64,
        learner: { use: 'threshold' }, optimizer: { use: 'adam', with: { lr: 0.001 } }, headOptimizer: { use: 'adam', with: { lr: 0.01 } },
      },
    ],
  };
}

test('a lifespan starts from pre-trained weights in an ONNX file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ontogeny-onnx-cli-'));
  const layers = knownLayers([32, 16, 12, 4]);
  writeFileSync(join(dir, 'model.onnx'), mlpOnnx(layers, ['matmul-add', 'gemm-transB']));
  writeFileSync(join(dir, 'spec.json'), JSON.stringify(pretrainedSpec('model.onnx')));
  const run = runToDirectory(join(dir, 'spec.json'), join(dir, 'runs'));
  const { state } = readCheckpoint(join(run, 'checkpoints', 'imported.ckpt'));
  const byName = new Map(state.parameters.map((p) => [p.name, p.values]));
  assert.deepEqual(Array.from(byName.get('fc1.weight')!), Array.from(layers[0].weight));
  assert.deepEqual(Array.from(byName.get('fc2.bias')!), Array.from(layers[1].bias));
  assert.deepEqual(Array.from(byName.get('head:source.weight')!), Array.from(layers[2].weight));
});

test('a file that is not ONNX, a truncated one, one with an unsupported operator: exit 2 naming the file (and node), nothing written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ontogeny-onnx-cli-'));
  const whole = mlpOnnx(knownLayers([32, 16, 12, 4]), ['gemm-transB']);
  const files: Record<string, Uint8Array | string> = {
    'text.onnx': 'not a model at all\n',
    'truncated.onnx': whole.subarray(0, whole.length - 100),
    'tanh.onnx': mlpOnnx(knownLayers([32, 16, 12, 4]), ['gemm-transB'], { extra: 'Tanh' }),
  };
  for (const [name, bytes] of Object.entries(files)) {
    writeFileSync(join(dir, name), bytes);
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(pretrainedSpec(name)));
    const out = join(dir, `runs-${name}`);
    const result = runCli(['run', join(dir, `${name}.json`), '--out', out]);
    assert.equal(result.status, 2, `${name}: ${result.stderr}`);
    assert.match(result.stderr, new RegExp(`${name.replace('.', '\\.')}`), name);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    if (name === 'tanh.onnx') assert.match(result.stderr, /node "[^"]+" \(Tanh\)/);
    assert.equal(existsSync(out), false, `${name}: nothing written`);
  }
});

let runDir = '';
before(() => {
  const out = mkdtempSync(join(tmpdir(), 'ontogeny-onnx-quickstart-'));
  runDir = runToDirectory('experiments/quickstart.json', out);
});

test('`ontogeny export --quantized` writes int4 codes with DequantizeLinear and ONNX Runtime agrees', () => {
  const file = join(runDir, '..', 'quickstart.onnx');
  const result = runCli(['export', runDir, '--onnx', file, '--quantized']);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /fc1 .* 4-bit as int4/);
  assert.match(result.stdout, /cross-check in ONNX Runtime on 256 test examples/);
  const model = parseOnnx(readFileSync(file), file);
  assert.ok(model.graph!.node.some((node) => node.opType === 'DequantizeLinear'));
  const metadata = metadataOf(model);
  assert.equal(metadata['ontogeny.phase'], 'quantized');
  assert.equal(metadata['ontogeny.spec_hash'], runDir.split('-').at(-1));
  assert.equal(JSON.parse(metadata['ontogeny.bits']).fc1, 4);
  assert.ok(JSON.parse(metadata['ontogeny.sparsity']).fc1 > 0.7);
});

test('`ontogeny export` refuses what it cannot do with exit 2', () => {
  const file = join(runDir, '..', 'never.onnx');
  for (const args of [['--phase', 'nope'], ['--phase', 'pretrain', '--quantized'], ['--task', 'nope']]) {
    const result = runCli(['export', runDir, '--onnx', file, ...args]);
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
  }
  assert.equal(runCli(['export', join(runDir, 'checkpoints'), '--onnx', file]).status, 2);
  assert.equal(existsSync(file), false);
});

test('`ontogeny inspect` accounts shared weights plus one mask per task, and the figures add up', () => {
  const result = runCli(['inspect', runDir, '--json']);
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout) as StorageReport;
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  assert.deepEqual(report.tasks.map((t) => t.phase), ['finetune-mask', 'aging']);
  assert.deepEqual(report.layers.map((l) => [l.name, l.bits]), [['fc1', 4], ['fc2', 4]]);
  // The quickstart's hidden widths are fc1's and fc2's rows (read from the spec, which may be resized)
  const hidden = (JSON.parse(readFileSync(join(repositoryRoot, 'experiments', 'quickstart.json'), 'utf8')) as { model: { with: { hidden: number[] } } }).model.with.hidden;
  report.layers.forEach((l, k) => {
    assert.equal(l.maskBytes, Math.ceil(l.weights / 8));
    assert.equal(l.denseBytes, l.weights * 4);
    assert.equal(l.sharedBytes, Math.ceil((l.weights * l.bits) / 8) + 5 * hidden[k]); // per-channel: one scale and zero point per row
  });
  for (const t of report.tasks) {
    assert.equal(t.maskBytes, sum(report.layers.map((l) => l.maskBytes)));
    assert.equal(t.denseBytes, sum(report.layers.map((l) => l.denseBytes)));
  }
  assert.equal(report.totals.sharedBytes, sum(report.layers.map((l) => l.sharedBytes)));
  assert.equal(report.totals.maskBytes, sum(report.tasks.map((t) => t.maskBytes)));
  assert.equal(report.totals.ontogenyBytes, report.totals.sharedBytes + report.totals.maskBytes);
  assert.equal(report.totals.denseBytes, sum(report.tasks.map((t) => t.denseBytes)));
  const text = runCli(['inspect', runDir]);
  assert.equal(text.status, 0);
  assert.match(text.stdout, new RegExp(`= shared weights \\+ masks\\s+${report.totals.ontogenyBytes} B`));
});
