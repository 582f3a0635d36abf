// The encoder layers on every backend's encoder ops, checked against finite differences of their own forward pass.
// B = 2 sequences, T = 5, D = 12, H = 3
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  Embedding, GELU, LayerNorm, MultiHeadAttention, Tensor, checkLayer, describeDifferences, type Parameter,
} from '@ontogeny/core';
import { kernelsUnderTest } from './backends.js';

const seen = new Set<string>();
const kernels = kernelsUnderTest().filter(({ isa }) => !seen.has(isa) && seen.add(isa) !== undefined);

/** Fixed pseudo-random values in [−scale, scale]: the check is about the backward pass, not the draw. */
function fill(values: Float32Array, salt: number, scale: number): Float32Array {
  for (let i = 0; i < values.length; i++) values[i] = scale * Math.sin(12.9898 * (i + 1) + 78.233 * salt);
  return values;
}

function randomize(parameters: readonly Parameter[], scale: number): void {
  parameters.forEach((parameter, p) => {
    fill(parameter.values, p + 1, scale);
    parameter.touch();
  });
}

const input = (rows: number, cols: number, salt: number, scale = 1) => new Tensor(fill(new Float32Array(rows * cols), salt, scale), rows, cols);

describe('encoder layers against finite differences', () => {
  for (const { label, kernel } of kernels) {
    describe(label, () => {
      it('LayerNorm', () => {
        const norm = new LayerNorm('norm', 12, kernel);
        randomize(norm.parameters(), 0.8);
        const differences = checkLayer(norm, input(10, 12, 1, 1.5), { epsilon: 1e-2, samples: 40 });
        console.log(`${label} LayerNorm: ${describeDifferences(differences)}`);
        assert.ok(differences[0].relative < 5e-3);
      });

      it('GELU', () => {
        const differences = checkLayer(new GELU('gelu', kernel), input(6, 7, 2, 3), { epsilon: 1e-2, samples: 42 });
        console.log(`${label} GELU: ${describeDifferences(differences)}`);
        assert.ok(differences[0].relative < 5e-3);
      });

      it('MultiHeadAttention with padding and a half-open gate', () => {
        const attention = new MultiHeadAttention('attention', 12, 3, kernel);
        randomize(attention.parameters(), 0.4);
        attention.gates[1] = 0.5;
        attention.setSequence(5, Uint8Array.of(1, 1, 1, 1, 1, 1, 1, 1, 0, 0));
        const differences = checkLayer(attention, input(10, 12, 3), { epsilon: 1e-2, samples: 30 });
        console.log(`${label} MultiHeadAttention: ${describeDifferences(differences)}`);
        assert.ok(differences[0].relative < 5e-3);
      });

      it('Embedding (repeated ids accumulate)', () => {
        const embedding = new Embedding('tokens', 7, 12, kernel);
        randomize(embedding.parameters(), 0.5);
        const ids = new Tensor(Float32Array.of(1, 3, 3, 0, 6, 1), 2, 3);
        const differences = checkLayer(embedding, ids, { inputGrad: false, samples: 84 });
        console.log(`${label} Embedding: ${describeDifferences(differences)}`);
        assert.ok(differences[0].relative < 1e-3);
      });
    });
  }
});
