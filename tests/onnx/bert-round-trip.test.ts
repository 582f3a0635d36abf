// Exported BERT-like encoders — dense, masked with lesioned heads, quantized at 8 and 4 bits, post- and pre-norm, classifier and MLM heads — agree with ONNX Runtime within 1e-4 relative.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CROSS_CHECK_TOLERANCE, crossCheckOnnx, exportOnnx, parseOnnx, type OnnxExport } from '@ontogeny/core/onnx';
import type { BertModel } from '@ontogeny/plugins';
import { bertFixture, input, tokenBatch } from './bert-fixture.js';
import { maskRandomly, quantize } from './mlp-fixture.js';
import { metadataOf } from './onnx-files.js';

interface Case {
  readonly name: string;
  readonly task: 'cls' | 'mlm';
  readonly norm?: 'pre' | 'post';
  readonly density?: number;
  readonly lesion?: boolean;
  readonly bits?: number;
  readonly mode?: 'symmetric' | 'asymmetric';
  readonly granularity?: 'tensor' | 'channel';
  readonly element: string;
}

const cases: readonly Case[] = [
  { name: 'dense', task: 'cls', element: 'float32' },
  { name: 'dense, pre-norm', task: 'cls', norm: 'pre', element: 'float32' },
  { name: 'dense, MLM head', task: 'mlm', element: 'float32' },
  { name: 'masked, heads gated and removed', task: 'cls', density: 0.4, lesion: true, element: 'float32' },
  { name: 'masked, pre-norm, MLM head', task: 'mlm', norm: 'pre', density: 0.5, element: 'float32' },
  { name: '8-bit per tensor, masked', task: 'cls', density: 0.5, bits: 8, mode: 'symmetric', granularity: 'tensor', element: 'int8' },
  { name: '8-bit asymmetric per channel', task: 'cls', bits: 8, mode: 'asymmetric', granularity: 'channel', element: 'uint8' },
  { name: '4-bit per channel, masked, lesioned', task: 'cls', density: 0.3, lesion: true, bits: 4, mode: 'symmetric', granularity: 'channel', element: 'int4' },
  { name: '4-bit asymmetric per tensor', task: 'cls', bits: 4, mode: 'asymmetric', granularity: 'tensor', element: 'uint4' },
  { name: '4-bit per channel, MLM head', task: 'mlm', bits: 4, mode: 'symmetric', granularity: 'channel', element: 'int4' },
];

/** Gate 0 on one head, ½ on another, and a third removed through the mask of W_O. */
function lesion(model: BertModel): void {
  model.setHeadGate(0, 1, 0);
  model.setHeadGate(1, 2, 0.5);
  model.removeAttentionHead(1, 0);
}

async function check(exported: OnnxExport, model: BertModel, task: string) {
  return crossCheckOnnx(exported.bytes, model, task, { inputName: exported.inputName, inputElement: exported.inputElement, batch: tokenBatch() });
}

const BODY = ['attention.query', 'attention.key', 'attention.value', 'attention.output', 'ffn.in', 'ffn.out'];

for (const c of cases) {
  test(`BERT round trip through ONNX Runtime: ${c.name}`, async (t) => {
    const model = bertFixture({ norm: c.norm ?? 'post' });
    if (c.density) maskRandomly(model, c.density);
    if (c.lesion) lesion(model);
    if (c.bits) quantize(model, c.bits, c.mode!, c.granularity!);
    const exported = exportOnnx(model, { task: c.task, input, quantized: c.bits !== undefined, specHash: 'beef', phase: c.name });
    const names = exported.layers.map((layer) => layer.name);
    const body = [0, 1].flatMap((l) => BODY.map((name) => `layer${l}.${name}`));
    assert.deepEqual(names, c.task === 'cls' ? [...body, 'pooler.dense', 'head:cls.classifier'] : [...body, 'head:mlm.transform']);
    for (const layer of exported.layers.filter((l) => !l.name.startsWith('head:'))) {
      assert.equal(layer.element, c.element, layer.name);
      assert.equal(layer.bits, c.bits ?? 32, layer.name);
      if (c.density) assert.ok(layer.sparsity > 0.3 * (1 - c.density), `${layer.name} sparsity ${layer.sparsity}`);
    }
    const result = await check(exported, model, c.task);
    t.diagnostic(`${c.name}: ${exported.bytes.length} bytes, max |Δ| ${result.maxAbsolute.toExponential(2)}, relative ${result.maxRelative.toExponential(2)}`);
    assert.ok(result.passed && result.maxRelative <= CROSS_CHECK_TOLERANCE, `relative difference ${result.maxRelative}`);

    const onnx = parseOnnx(exported.bytes, c.name);
    const ops = new Set(onnx.graph!.node.map((node) => node.opType));
    for (const op of ['Gather', 'CumSum', 'LayerNormalization', 'Gelu', 'Softmax']) assert.ok(ops.has(op), op);
    assert.equal(ops.has('DequantizeLinear'), c.bits !== undefined);
    const metadata = metadataOf(onnx);
    assert.equal(metadata['ontogeny.architecture'], 'bert');
    assert.equal(metadata['ontogeny.task'], c.task);
    assert.equal(JSON.parse(metadata['ontogeny.bits'])['layer0.attention.query'], c.bits ?? 32);
  });
}

test('the export sees the head gates: a file written before a lesion disagrees with the lesioned model', async () => {
  const model = bertFixture();
  const before = exportOnnx(model, { task: 'cls', input, quantized: false, specHash: 'beef', phase: 'intact' });
  model.setHeadGate(0, 0, 0);
  model.setHeadGate(0, 3, 0);
  assert.equal((await check(before, model, 'cls')).passed, false);
  const after = exportOnnx(model, { task: 'cls', input, quantized: false, specHash: 'beef', phase: 'lesioned' });
  assert.ok((await check(after, model, 'cls')).passed);
});
