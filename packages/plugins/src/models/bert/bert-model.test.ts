// Whole-model checks of the BERT encoder: gradients against finite differences, head removal ≡ gate 0, determinism.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  ReferenceKernel, Rng, checkGradients, describeDifferences, parameterTarget, softmaxCrossEntropy,
  type GradientProblem, type Tensor,
} from '@ontogeny/core';
import { tokenBatch } from './bert-embeddings.js';
import { BertModel, type BertOptions } from './bert-model.js';

const tiny: BertOptions = {
  width: 8, layers: 2, heads: 2, ffnWidth: 12, norm: 'post', maxLength: 8, padToken: 0, sepToken: 2, embeddingStd: 0.5,
};
const VOCABULARY = 11;

function build(options: BertOptions, seed = 0): BertModel {
  const model = new BertModel(options, VOCABULARY, new ReferenceKernel(), (...parts) => Rng.derive(seed, ...parts));
  model.addHead('pair', 3, 'classify', Rng.derive(seed, 'head', 'pair'));
  model.addHead('mlm', VOCABULARY, 'mlm', Rng.derive(seed, 'head', 'mlm'));
  // Random biases and norm gains, so no gradient path is trivially zero
  const rng = Rng.derive(seed, 'test', 'perturb');
  for (const parameter of [...model.bodyParameters(), ...model.headParameters('pair'), ...model.headParameters('mlm')]) {
    if (parameter.shape.length === 1) for (let i = 0; i < parameter.size; i++) parameter.values[i] += 0.3 * rng.normal();
    parameter.touch();
  }
  return model;
}

// [CLS]=1 a b [SEP]=2 c [SEP] [PAD]…: two segments and padding exercise every path
const inputs = tokenBatch([[1, 5, 6, 2, 7, 2, 0], [1, 9, 2, 4, 10, 3, 2]], 7);

function problem(model: BertModel, task: string, labels: Int32Array): GradientProblem {
  const parameters = [...model.bodyParameters(), ...model.headParameters(task)];
  return {
    targets: parameters.map(parameterTarget),
    loss: () => softmaxCrossEntropy(model.forward(inputs, task, { training: true }), labels).loss,
    gradients: () => {
      for (const parameter of parameters) parameter.zeroGrad();
      const logits = model.forward(inputs, task, { training: true });
      model.backward(softmaxCrossEntropy(logits, labels).dLogits);
    },
  };
}

for (const norm of ['post', 'pre'] as const) {
  test(`bert (${norm}-norm) classification gradients match finite differences`, () => {
    const differences = checkGradients(problem(build({ ...tiny, norm }), 'pair', Int32Array.of(2, 0)), { epsilon: 1e-2, samples: 6 });
    console.log(`bert ${norm} classify largest: ${describeDifferences(differences.slice(0, 3))}`);
    assert.ok(differences[0].relative < 1e-2, describeDifferences(differences.slice(0, 3)));
  });

  test(`bert (${norm}-norm) MLM gradients match finite differences, through the tied embeddings`, () => {
    const labels = new Int32Array(14).fill(-1);
    labels[1] = 5; labels[4] = 7; labels[9] = 9; labels[11] = 10;
    const differences = checkGradients(problem(build({ ...tiny, norm }), 'mlm', labels), { epsilon: 1e-2, samples: 6 });
    console.log(`bert ${norm} mlm largest: ${describeDifferences(differences.slice(0, 3))}`);
    assert.ok(differences[0].relative < 1e-2, describeDifferences(differences.slice(0, 3)));
  });
}

function copyOf(t: Tensor): Float32Array {
  return Float32Array.from(t.data);
}

test('removing a head (its columns of W_O masked out for good) changes the forward pass exactly as gate 0 does', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 1000 }), (layer, head, seed) => {
    const gated = build(tiny, seed);
    gated.setHeadGate(layer, head, 0);
    const expected = copyOf(gated.forward(inputs, 'pair', { training: false }));
    const removed = build(tiny, seed);
    removed.removeAttentionHead(layer, head);
    assert.equal(removed.headActive(layer, head), false);
    assert.equal(removed.blocks[layer].attention.output.weight.density(), 1 - 1 / tiny.heads);
    const actual = removed.forward(inputs, 'pair', { training: false });
    assert.deepEqual(Array.from(actual.data), Array.from(expected));
    const intact = build(tiny, seed).forward(inputs, 'pair', { training: false });
    assert.notDeepEqual(Array.from(intact.data), Array.from(expected));
  }), { numRuns: 12 });
});

test('the same seed gives the same logits; another seed does not', () => {
  const a = copyOf(build(tiny, 3).forward(inputs, 'mlm', { training: false }));
  const b = copyOf(build(tiny, 3).forward(inputs, 'mlm', { training: false }));
  const c = copyOf(build(tiny, 4).forward(inputs, 'mlm', { training: false }));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test('masked parameters are Q, K, V, O, FFN in and out per layer, and the pooler', () => {
  const names = build(tiny).maskedParameters().map((w) => w.name);
  assert.deepEqual(names, [
    'layer0.attention.query.weight', 'layer0.attention.key.weight', 'layer0.attention.value.weight', 'layer0.attention.output.weight',
    'layer0.ffn.in.weight', 'layer0.ffn.out.weight',
    'layer1.attention.query.weight', 'layer1.attention.key.weight', 'layer1.attention.value.weight', 'layer1.attention.output.weight',
    'layer1.ffn.in.weight', 'layer1.ffn.out.weight', 'pooler.dense.weight',
  ]);
});

test('head importance is normalised per layer to unit length', () => {
  const model = build(tiny);
  const labels = Int32Array.of(1, 2);
  model.backward(softmaxCrossEntropy(model.forward(inputs, 'pair', { training: true }), labels).dLogits);
  for (const layer of model.headImportance()) assert.ok(Math.abs(Math.hypot(...layer) - 1) < 1e-9);
});
