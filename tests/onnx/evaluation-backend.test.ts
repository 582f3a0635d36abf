// ONNX Runtime as the evaluation backend: the same lifespan gives the same accuracies as the run's own kernel.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { runSpec } from '@ontogeny/core';
import { loadRegistry } from '@ontogeny/cli';

test('evaluationBackend "onnxruntime" reproduces the kernel\'s end-of-phase accuracies', async () => {
  const registry = await loadRegistry();
  const spec = JSON.parse(readFileSync(new URL('../../experiments/quickstart.json', import.meta.url), 'utf8'));
  const byKernel = await runSpec({ ...spec, evaluationBackend: 'kernel' }, registry, { kernel: 'reference' });
  const byOrt = await runSpec({ ...spec, evaluationBackend: 'onnxruntime' }, registry, { kernel: 'reference' });
  for (const [name, phase] of byKernel.phases) {
    assert.equal(byOrt.metric(name), phase.metrics.accuracy, `${name}: accuracy`);
    assert.ok(Math.abs(byOrt.metric(name, 'loss') - phase.metrics.loss) < 1e-5, `${name}: loss`);
  }
});
