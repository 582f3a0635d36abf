// Exported MLPs — dense, masked, quantized at 8, 4 and 1 bits — compute in ONNX Runtime the logits Ontogeny computes, within 1e-4 relative.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluate } from '@ontogeny/core';
import { CROSS_CHECK_TOLERANCE, crossCheckOnnx, evaluateOnnx, exportOnnx, parseOnnx } from '@ontogeny/core/onnx';
import { FEATURES, maskRandomly, mlpFixture, quantize } from './mlp-fixture.js';
import { metadataOf } from './onnx-files.js';

const input = { kind: 'features', width: FEATURES } as const;

const cases: ReadonlyArray<{ name: string; density: number; bits?: number; mode?: 'symmetric' | 'asymmetric'; granularity?: 'tensor' | 'channel'; element: string }> = [
  { name: 'dense', density: 1, element: 'float32' },
  { name: 'masked', density: 0.4, element: 'float32' },
  { name: '8-bit per tensor, masked', density: 0.5, bits: 8, mode: 'symmetric', granularity: 'tensor', element: 'int8' },
  { name: '8-bit asymmetric per channel', density: 1, bits: 8, mode: 'asymmetric', granularity: 'channel', element: 'uint8' },
  { name: '4-bit per channel, masked', density: 0.3, bits: 4, mode: 'symmetric', granularity: 'channel', element: 'int4' },
  { name: '4-bit asymmetric per tensor', density: 1, bits: 4, mode: 'asymmetric', granularity: 'tensor', element: 'uint4' },
  { name: '1-bit (sign · mean|w|)', density: 0.5, bits: 1, mode: 'symmetric', granularity: 'channel', element: 'int4' },
];

for (const c of cases) {
  test(`round trip through ONNX Runtime: ${c.name}`, async (t) => {
    const { model, batch } = mlpFixture();
    if (c.density < 1) maskRandomly(model, c.density);
    if (c.bits) quantize(model, c.bits, c.mode!, c.granularity!);
    const exported = exportOnnx(model, { task: 't', input, quantized: c.bits !== undefined, specHash: 'cafe', phase: c.name });
    const body = exported.layers.slice(0, -1);
    for (const layer of body) {
      assert.equal(layer.element, c.element);
      assert.equal(layer.bits, c.bits ?? 32);
      if (c.density < 1) assert.ok(layer.sparsity > 0.3 * (1 - c.density), `${layer.name} sparsity ${layer.sparsity}`);
    }
    const check = await crossCheckOnnx(exported.bytes, model, 't', { inputName: exported.inputName, inputElement: exported.inputElement, batch });
    t.diagnostic(`${c.name}: ${exported.bytes.length} bytes, max |Δ| ${check.maxAbsolute.toExponential(2)}, relative ${check.maxRelative.toExponential(2)}`);
    assert.ok(check.passed && check.maxRelative <= CROSS_CHECK_TOLERANCE, `relative difference ${check.maxRelative}`);
    const metadata = metadataOf(parseOnnx(exported.bytes, c.name));
    assert.equal(metadata['ontogeny.spec_hash'], 'cafe');
    assert.equal(metadata['ontogeny.phase'], c.name);
    assert.deepEqual(Object.keys(JSON.parse(metadata['ontogeny.sparsity'])), ['fc1', 'fc2', 'head:t']);
    assert.equal(JSON.parse(metadata['ontogeny.bits']).fc1, c.bits ?? 32);
  });
}

test('a quantized layer whose values left their codes (regrown after quantization) exports as float and still agrees', async () => {
  const { model, batch } = mlpFixture();
  quantize(model, 8, 'symmetric', 'tensor');
  const fc1 = model.maskedParameters()[0];
  fc1.values[3] = 0.123456; // no longer on the 8-bit grid
  fc1.touch();
  const exported = exportOnnx(model, { task: 't', input, quantized: true, specHash: 'cafe', phase: 'p' });
  assert.equal(exported.layers[0].bits, 32);
  assert.equal(exported.layers[1].bits, 8);
  const check = await crossCheckOnnx(exported.bytes, model, 't', { inputName: exported.inputName, inputElement: exported.inputElement, batch });
  assert.ok(check.passed, `relative difference ${check.maxRelative}`);
});

test('evaluation through ONNX Runtime gives the metrics of the native evaluation', async () => {
  const { model, batch } = mlpFixture(5, 300);
  const labels = Int32Array.from({ length: batch.rows }, (_, i) => i % 5);
  const split = { inputs: batch.data, labels, count: batch.rows };
  const task = {
    input, classes: 5, labelsPerExample: 1, headKind: 'classify', train: split, test: split, description: 'test',
    metric: { name: 'accuracy', compute: () => 0 },
  };
  const theirs = await evaluateOnnx(model, 't', task, split, 128);
  const ours = evaluate(model, 't', task, split, 128);
  assert.equal(theirs.accuracy, ours.accuracy);
  assert.ok(Math.abs(theirs.loss - ours.loss) < 1e-6, `${theirs.loss} vs ${ours.loss}`);
});
