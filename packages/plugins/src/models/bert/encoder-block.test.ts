// Gradient check of one encoder block, post-norm and pre-norm, with padding.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReferenceKernel, Rng, Tensor, checkLayer, describeDifferences } from '@ontogeny/core';
import { EncoderBlock } from './encoder-block.js';

for (const placement of ['post', 'pre'] as const) {
  test(`EncoderBlock (${placement}-norm) backward matches finite differences`, () => {
    const block = new EncoderBlock('block', 8, 2, 12, placement, new ReferenceKernel());
    const rng = Rng.derive(0, 'test', 'block', placement);
    for (const parameter of block.parameters()) {
      for (let i = 0; i < parameter.size; i++) parameter.values[i] += 0.3 * rng.normal();
      parameter.touch();
    }
    block.setSequence(3, Uint8Array.of(1, 1, 1, 1, 1, 0)); // B = 2, T = 3, the second sequence padded
    const x = Tensor.zeros(6, 8);
    for (let i = 0; i < x.data.length; i++) x.data[i] = rng.normal();
    const differences = checkLayer(block, x, { epsilon: 1e-2, samples: 12 });
    console.log(`EncoderBlock ${placement} largest: ${describeDifferences(differences.slice(0, 3))}`);
    assert.ok(differences[0].relative < 1e-2);
  });
}
