// Gradient check of GELU against float64 central differences.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReferenceKernel } from '../kernel/reference/reference-kernel.js';
import { Tensor } from '../tensor/tensor.js';
import { GELU } from './gelu.js';
import { checkLayer, describeDifferences } from './gradient-check.js';
import { randomTensor } from './test-support.js';

test('GELU backward matches finite differences', () => {
  const differences = checkLayer(new GELU('gelu', new ReferenceKernel()), randomTensor(6, 5, 'gelu', 2), { epsilon: 1e-2, samples: 30 });
  console.log(`GELU largest difference: ${describeDifferences(differences)}`);
  assert.ok(differences[0].relative < 2e-3);
});

test('GELU is x·Φ(x) to within the tanh approximation', () => {
  const one = new GELU('gelu', new ReferenceKernel()).forward(new Tensor(Float32Array.of(0, 1, -1), 1, 3), { training: false });
  assert.ok(Math.abs(one.data[0]) < 1e-7);
  assert.ok(Math.abs(one.data[1] - 0.8413) < 1e-3);
  assert.ok(Math.abs(one.data[2] + 0.1587) < 1e-3);
});
