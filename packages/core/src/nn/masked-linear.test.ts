// MaskedLinear, ReLU and softmax cross-entropy against central finite differences.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReferenceKernel } from '../kernel/reference/reference-kernel.js';
import { BitMask } from '../mask/bit-mask.js';
import { Tensor } from '../tensor/tensor.js';
import { checkGradients, checkLayer, describeDifferences } from './gradient-check.js';
import { MaskedLinear } from './masked-linear.js';
import { ReLU } from './relu.js';
import { softmaxCrossEntropy } from './softmax-cross-entropy.js';
import { randomizeParameters, randomTensor } from './test-support.js';

const kernel = new ReferenceKernel();

test('MaskedLinear: input, weight and bias gradients match finite differences; weight gradient is 0 off the mask', () => {
  const layer = new MaskedLinear('fc', 7, 5, kernel);
  randomizeParameters(layer.parameters(), 'masked-linear');
  layer.weight.setMask(BitMask.from(35, (i) => i % 4 !== 1));
  const differences = checkLayer(layer, randomTensor(6, 7, 'masked-linear-x'), { epsilon: 1e-2 });
  console.log(`MaskedLinear: ${describeDifferences(differences)}`);
  for (const difference of differences) assert.ok(difference.relative < 2e-2, describeDifferences(differences));
  for (let i = 0; i < 35; i++) if (i % 4 === 1) assert.equal(layer.weight.grad[i], 0);
});

test('MaskedLinear feature-major: input, weight and bias gradients match finite differences (xT is I×B, yT O×B)', () => {
  const layer = new MaskedLinear('fc', 7, 5, kernel);
  randomizeParameters(layer.parameters(), 'masked-linear-feature-major');
  layer.weight.setMask(BitMask.from(35, (i) => i % 3 !== 2));
  // The layer's feature-major passes as a Layer over (I × B) inputs, so the finite differences run through them.
  const featureMajor = {
    name: 'fc (feature-major)',
    forward: (xT: Tensor) => layer.forwardFeatureMajor(xT, { training: true }),
    backward: (dyT: Tensor, needInputGrad: boolean) => layer.backwardFeatureMajor(dyT, needInputGrad),
    parameters: () => layer.parameters(),
  };
  const differences = checkLayer(featureMajor, randomTensor(7, 6, 'masked-linear-feature-major-x'), { epsilon: 1e-2 });
  console.log(`MaskedLinear feature-major: ${describeDifferences(differences)}`);
  for (const difference of differences) assert.ok(difference.relative < 2e-2, describeDifferences(differences));
  for (let i = 0; i < 35; i++) if (i % 3 === 2) assert.equal(layer.weight.grad[i], 0);
});

test('ReLU: gradient matches finite differences away from the kink', () => {
  const x = randomTensor(4, 9, 'relu-x');
  for (let i = 0; i < x.data.length; i++) if (Math.abs(x.data[i]) < 0.05) x.data[i] = 0.5; // keep ε from crossing 0
  const differences = checkLayer(new ReLU('relu'), x, { epsilon: 1e-3 });
  assert.ok(differences[0].relative < 1e-2, describeDifferences(differences));
});

test('softmax cross-entropy: value and gradient by hand, and against finite differences', () => {
  // logits [0, ln 3] → p = [1/4, 3/4]; label 1 → loss −ln(3/4); dL/dz = p − onehot = [1/4, −1/4]
  const { loss, dLogits, correct } = softmaxCrossEntropy(new Tensor(Float32Array.of(0, Math.log(3)), 1, 2), Int32Array.of(1));
  assert.ok(Math.abs(loss + Math.log(0.75)) < 1e-7);
  assert.ok(Math.abs(dLogits.data[0] - 0.25) < 1e-7 && Math.abs(dLogits.data[1] + 0.25) < 1e-7);
  assert.equal(correct, 1);
  const logits = randomTensor(5, 4, 'softmax-logits', 2);
  const labels = Int32Array.of(0, 3, -1, 2, 1);
  const grad = new Float32Array(20);
  const [worst] = checkGradients({
    targets: [{ name: 'logits', values: logits.data, grad }],
    loss: () => softmaxCrossEntropy(logits, labels).loss,
    gradients: () => grad.set(softmaxCrossEntropy(logits, labels).dLogits.data),
  }, { epsilon: 1e-2, samples: 20 });
  assert.ok(worst.relative < 1e-3, describeDifferences([worst]));
  for (let c = 0; c < 4; c++) assert.equal(grad[2 * 4 + c], 0, 'an ignored row (label −1) has no gradient');
});
