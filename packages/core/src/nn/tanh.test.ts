// Gradient check of Tanh against float64 central differences.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkLayer, describeDifferences } from './gradient-check.js';
import { Tanh } from './tanh.js';
import { randomTensor } from './test-support.js';

test('Tanh backward matches finite differences', () => {
  const differences = checkLayer(new Tanh('tanh'), randomTensor(5, 4, 'tanh'), { epsilon: 1e-2 });
  console.log(`Tanh largest difference: ${describeDifferences(differences)}`);
  assert.ok(differences[0].relative < 2e-3);
});
