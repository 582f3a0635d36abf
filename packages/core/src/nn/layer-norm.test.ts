// Gradient check of LayerNorm (input, gain, shift) against float64 central differences.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReferenceKernel } from '../kernel/reference/reference-kernel.js';
import { checkLayer, describeDifferences } from './gradient-check.js';
import { LayerNorm } from './layer-norm.js';
import { randomTensor, randomizeParameters } from './test-support.js';

test('LayerNorm backward matches finite differences', () => {
  const norm = new LayerNorm('norm', 8, new ReferenceKernel());
  randomizeParameters(norm.parameters(), 'norm');
  const differences = checkLayer(norm, randomTensor(5, 8, 'norm', 1.5), { epsilon: 1e-2, samples: 40 });
  console.log(`LayerNorm largest difference: ${describeDifferences(differences)}`);
  assert.ok(differences[0].relative < 5e-3);
});

test('LayerNorm output rows have mean 0 and variance 1 before gain and shift', () => {
  const y = new LayerNorm('norm', 16, new ReferenceKernel(), 1e-5).forward(randomTensor(3, 16, 'stats', 4), { training: false });
  for (let r = 0; r < 3; r++) {
    const row = Array.from(y.data.subarray(r * 16, r * 16 + 16));
    const mean = row.reduce((a, b) => a + b, 0) / 16;
    const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / 16;
    assert.ok(Math.abs(mean) < 1e-5);
    assert.ok(Math.abs(variance - 1) < 1e-3);
  }
});
