// Gradient check of multi-head attention (input, Q/K/V/O weights and biases), with padding and a gated head.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReferenceKernel } from '../kernel/reference/reference-kernel.js';
import { checkLayer, describeDifferences } from './gradient-check.js';
import { MultiHeadAttention } from './multi-head-attention.js';
import { randomTensor, randomizeParameters } from './test-support.js';

// B = 2 sequences, T = 4, D = 8, H = 2
function attention(): MultiHeadAttention {
  const layer = new MultiHeadAttention('attention', 8, 2, new ReferenceKernel());
  randomizeParameters(layer.parameters(), 'attention', 0.4);
  layer.setSequence(4, Uint8Array.of(1, 1, 1, 1, 1, 1, 0, 0)); // the second sequence is padded after 2 tokens
  return layer;
}

test('MultiHeadAttention backward matches finite differences', () => {
  const differences = checkLayer(attention(), randomTensor(8, 8, 'attention-input'), { epsilon: 1e-2, samples: 30 });
  console.log(`MultiHeadAttention largest difference: ${describeDifferences(differences)}`);
  assert.ok(differences[0].relative < 5e-3);
});

test('MultiHeadAttention with a half-open gate matches finite differences', () => {
  const layer = attention();
  layer.gates[1] = 0.5;
  const differences = checkLayer(layer, randomTensor(8, 8, 'attention-input'), { epsilon: 1e-2, samples: 30 });
  console.log(`MultiHeadAttention (gate 0.5) largest difference: ${describeDifferences(differences)}`);
  assert.ok(differences[0].relative < 5e-3);
});

test('padded keys receive no attention and every row sums to 1', () => {
  const layer = attention();
  layer.forward(randomTensor(8, 8, 'attention-input'), { training: false });
  const maps = layer.attentionMaps();
  assert.ok(maps);
  for (let r = 0; r < maps.rows; r++) {
    const row = maps.data.subarray(r * 4, r * 4 + 4);
    assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-6);
    if (r >= 2 * 4) assert.deepEqual([row[2], row[3]], [0, 0]); // sequence 1's blocks
  }
});

test('importance I_h equals |∂L/∂ξ_h| summed over examples (finite differences on the gate)', () => {
  const layer = attention();
  const x = randomTensor(8, 8, 'attention-input');
  const r = randomTensor(8, 8, 'projection');
  const loss = (sequence: number): number => {
    const y = layer.forward(x, { training: false });
    let sum = 0;
    for (let i = sequence * 32; i < sequence * 32 + 32; i++) sum += r.data[i] * y.data[i];
    return sum;
  };
  layer.resetImportance();
  layer.forward(x, { training: false });
  layer.backward(r, false);
  for (let h = 0; h < 2; h++) {
    let expected = 0;
    for (let b = 0; b < 2; b++) {
      layer.gates[h] = 1.01;
      const plus = loss(b);
      layer.gates[h] = 0.99;
      const minus = loss(b);
      layer.gates[h] = 1;
      expected += Math.abs((plus - minus) / (Math.fround(1.01) - Math.fround(0.99)));
    }
    assert.ok(Math.abs(layer.importance[h] - expected) < 1e-3 * Math.max(1, expected), `head ${h}: ${layer.importance[h]} vs ${expected}`);
  }
  assert.equal(layer.importanceExamples, 2);
});
