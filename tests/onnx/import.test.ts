// Importing pre-trained MLP weights from ONNX files the test writes (and, where python3-torch is installed, one PyTorch writes).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isError, errors, ReferenceKernel, Rng, Tensor } from '@ontogeny/core';
import { importOnnx } from '@ontogeny/core/onnx';
import { Mlp } from '@ontogeny/plugins';
import { knownLayers, mlpOnnx, referenceLogits, type LayerStyle } from './onnx-files.js';

function freshMlp(inputs: number, hidden: number[]): Mlp {
  return new Mlp(inputs, { hidden, init: 'pytorch' }, new ReferenceKernel(), (...parts) => Rng.derive(3, 'model', ...parts));
}

function importInto(model: Mlp, file: string, classes: number) {
  return importOnnx(model, file, { headTask: 't', addHead: (task) => model.addHead(task, classes, 'classify', Rng.derive(0, 'head', task)) });
}

const styles: ReadonlyArray<readonly LayerStyle[]> = [['gemm-transB'], ['gemm'], ['matmul-add'], ['matmul-add', 'gemm', 'gemm-transB']];

for (const style of styles) {
  test(`an MLP written as ${style.join(' / ')} imports with its logits`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'ontogeny-onnx-'));
    const layers = knownLayers([10, 8, 6, 4]);
    const file = join(dir, 'mlp.onnx');
    writeFileSync(file, mlpOnnx(layers, style));
    const model = freshMlp(10, [8, 6]);
    const report = importInto(model, file, 4);
    assert.deepEqual(report.parameters, ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias', 'head:t.weight', 'head:t.bias']);
    const rng = Rng.derive(4, 'x');
    const x = Float32Array.from({ length: 3 * 10 }, () => rng.normal());
    const logits = model.forward(new Tensor(x, 3, 10), 't', { training: false }).data;
    for (let b = 0; b < 3; b++) {
      referenceLogits(layers, x.subarray(b * 10, b * 10 + 10)).forEach((expected, c) => {
        assert.ok(Math.abs(logits[b * 4 + c] - expected) < 1e-5, `example ${b} class ${c}: ${logits[b * 4 + c]} vs ${expected}`);
      });
    }
    for (const w of model.maskedParameters()) assert.equal(w.density(), 1, 'pre-trained weights arrive dense');
  });
}

test('a body without a head imports into fc1..fcN and leaves the heads alone', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ontogeny-onnx-'));
  const file = join(dir, 'body.onnx');
  const layers = knownLayers([10, 8, 6]);
  writeFileSync(file, mlpOnnx(layers, ['gemm-transB'], { body: true }));
  const model = freshMlp(10, [8, 6]);
  const report = importInto(model, file, 4);
  assert.deepEqual(report.parameters, ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']);
  assert.deepEqual(model.headNames(), []);
  assert.deepEqual(Array.from(model.maskedParameters()[0].values), Array.from(layers[0].weight));
});

test('unsupported operators and shapes name the file and the node', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ontogeny-onnx-'));
  const sigmoid = join(dir, 'sigmoid.onnx');
  writeFileSync(sigmoid, mlpOnnx(knownLayers([10, 8, 6, 4]), ['gemm-transB'], { extra: 'Sigmoid' }));
  assert.throws(() => importInto(freshMlp(10, [8, 6]), sigmoid, 4), (error: unknown) =>
    isError(error, errors.ONNX_UNSUPPORTED) && error.message.includes(sigmoid) && error.message.includes('Sigmoid') && error.message.includes('node "'));
  const wide = join(dir, 'wide.onnx');
  writeFileSync(wide, mlpOnnx(knownLayers([10, 9, 6, 4]), ['gemm-transB']));
  assert.throws(() => importInto(freshMlp(10, [8, 6]), wide, 4), (error: unknown) =>
    isError(error, errors.ONNX_UNSUPPORTED) && error.message.includes('gemm0') && error.message.includes('fc1.weight'));
});

test('a file that is not ONNX, or is truncated, is ONNX_INVALID naming the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ontogeny-onnx-'));
  const text = join(dir, 'notes.onnx');
  writeFileSync(text, 'this is not a model\n');
  const truncated = join(dir, 'truncated.onnx');
  const whole = mlpOnnx(knownLayers([10, 8, 6, 4]), ['gemm-transB']);
  writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length * 0.6)));
  for (const file of [text, truncated]) {
    assert.throws(() => importInto(freshMlp(10, [8, 6]), file, 4), (error: unknown) =>
      isError(error, errors.ONNX_INVALID) && error.message.includes(file), file);
  }
});

const torch = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;

test('an MLP exported by PyTorch (nn.Flatten, nn.Linear, nn.ReLU) imports with the logits PyTorch computes', { skip: torch ? false : 'python3-torch is not installed' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ontogeny-onnx-'));
  const file = join(dir, 'torch.onnx');
  const script = `
import json, torch, torch.nn as nn
torch.manual_seed(0)
m = nn.Sequential(nn.Flatten(), nn.Linear(6, 5), nn.ReLU(), nn.Linear(5, 4), nn.ReLU(), nn.Linear(4, 3))
x = torch.randn(2, 6)
torch.onnx.export(m, x, ${JSON.stringify(file)}, input_names=['x'], output_names=['y'], dynamic_axes={'x': {0: 'b'}})
print(json.dumps({'x': x.flatten().tolist(), 'y': m(x).flatten().tolist()}))`;
  const result = spawnSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(result.status, 0, result.stderr);
  const { x, y } = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { x: number[]; y: number[] };
  const model = freshMlp(6, [5, 4]);
  importInto(model, file, 3);
  const logits = model.forward(new Tensor(Float32Array.from(x), 2, 6), 't', { training: false }).data;
  y.forEach((expected, i) => assert.ok(Math.abs(logits[i] - expected) < 1e-5, `${logits[i]} vs ${expected}`));
  assert.ok(readFileSync(file).length > 0);
});
