// Gradient check of Embedding (the table; ids have no gradient) and of the tied output layer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReferenceKernel } from '../kernel/reference/reference-kernel.js';
import { Tensor } from '../tensor/tensor.js';
import { Embedding } from './embedding.js';
import { checkLayer, describeDifferences, parameterTarget } from './gradient-check.js';
import { randomTensor, randomizeParameters } from './test-support.js';
import { TiedOutput } from './tied-output.js';

test('Embedding backward scatters into the table (repeated ids accumulate)', () => {
  const embedding = new Embedding('tokens', 7, 4, new ReferenceKernel());
  randomizeParameters(embedding.parameters(), 'embedding');
  const ids = new Tensor(Float32Array.of(1, 3, 3, 0, 6, 1), 2, 3);
  const differences = checkLayer(embedding, ids, { inputGrad: false, samples: 28 });
  console.log(`Embedding largest difference: ${describeDifferences(differences)}`);
  assert.ok(differences[0].relative < 1e-3);
});

test('Embedding rejects an id outside its table', () => {
  const embedding = new Embedding('tokens', 3, 2, new ReferenceKernel());
  assert.throws(() => embedding.forward(new Tensor(Float32Array.of(3), 1, 1), { training: false }), /tokens: .*id 3 at entry 0 is outside the table of 3 rows/);
});

test('TiedOutput backward matches finite differences, the gradient reaching the shared table', () => {
  const embedding = new Embedding('tokens', 9, 5, new ReferenceKernel());
  randomizeParameters(embedding.parameters(), 'tied');
  const output = new TiedOutput('decoder', embedding.table, new ReferenceKernel());
  randomizeParameters(output.parameters(), 'tied-bias');
  const differences = checkLayer(output, randomTensor(4, 5, 'tied-input'), {
    samples: 30, extraTargets: [parameterTarget(embedding.table)],
  });
  console.log(`TiedOutput largest difference: ${describeDifferences(differences)}`);
  assert.ok(differences[0].relative < 2e-3);
});
