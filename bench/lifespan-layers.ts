// The layer-level lifespan benchmark: the MLP 784-300-100-10 from core's MaskedLinear / ReLU / softmaxCrossEntropy,
// batch 128, plain SGD, one fixed batch — the kernel's share of a training step without the engine around it.
import {
  BitMask, MaskedLinear, Parameter, ReLU, Tensor, softmaxCrossEntropy, type Kernel,
} from '@ontogeny/core';
import { rng } from './random.js';

const BATCH = 128;
const TAU = 5e-3;
const LR = 0.01;

export type Phase = 'dense pre-training' | 'mask fine-tuning' | 'sparse 90 % training' | 'sparse 97 % training';
export const PHASES: Phase[] = ['dense pre-training', 'mask fine-tuning', 'sparse 90 % training', 'sparse 97 % training'];

const PLAIN_SGD = { momentum: 0, nesterov: false, weightDecay: 0 };

/** Plain SGD by the kernel's element-wise op, as the sgd plugin steps. */
function sgd(kernel: Kernel, parameter: Parameter): void {
  kernel.sgdStep(parameter.values, parameter.grad, null, LR, PLAIN_SGD);
  parameter.touch();
  parameter.grad.fill(0);
}

/** Samples per second of `steps` training steps of one phase on `kernel`, after a short warm-up. */
export function measureLayers(kernel: Kernel, phase: Phase, steps: number): number {
  const next = rng(1);
  const layers = [new MaskedLinear('fc1', 784, 300, kernel), new MaskedLinear('fc2', 300, 100, kernel),
    new MaskedLinear('fc3', 100, 10, kernel)];
  const relus = [new ReLU('relu1', kernel), new ReLU('relu2', kernel)];
  const scratchMasks = layers.map((layer) => new BitMask(layer.weight.size));
  for (const layer of layers) {
    for (let i = 0; i < layer.weight.size; i++) layer.weight.values[i] = (next() - 0.5) * 0.1;
    layer.weight.touch();
  }
  const hidden = layers.slice(0, 2);
  if (phase.startsWith('sparse')) {
    const sparsity = phase.includes('97') ? 0.97 : 0.9;
    for (const layer of hidden) layer.weight.setMask(BitMask.from(layer.weight.size, () => next() >= sparsity));
  }
  if (phase === 'mask fine-tuning') {
    for (const layer of hidden) {
      layer.weight.learning = 'structure';
      layer.weight.scores = new Parameter(`${layer.name}.scores`, [layer.weight.size]);
      layer.weight.scores.values.fill(2 * TAU);
      layer.bias.requiresGrad = false;
    }
  }
  const x = new Tensor(Float32Array.from({ length: BATCH * 784 }, next), BATCH, 784);
  const labels = Int32Array.from({ length: BATCH }, () => Math.floor(next() * 10));
  const mode = { training: true };
  const step = () => {
    let h = x;
    for (let l = 0; l < 3; l++) {
      h = layers[l].forward(h, mode);
      if (l < 2) h = relus[l].forward(h, mode);
    }
    let dy: Tensor | null = softmaxCrossEntropy(h, labels).dLogits;
    for (let l = 2; l >= 0 && dy; l--) {
      dy = layers[l].backward(dy, l > 0);
      if (l > 0 && dy) dy = relus[l - 1].backward(dy, true);
    }
    for (const layer of layers) {
      const w = layer.weight;
      if (w.learning === 'structure' && w.scores) {
        sgd(kernel, w.scores);
        // Threshold learner: the mask follows the scores every step, so the kernel re-packs every step.
        const scratch = scratchMasks[layers.indexOf(layer)];
        kernel.thresholdBits(w.scores.values, TAU, scratch.words);
        w.setMask(scratch);
      } else {
        sgd(kernel, w);
      }
      if (layer.bias.requiresGrad) sgd(kernel, layer.bias);
    }
  };
  for (let i = 0; i < 5; i++) step();
  const start = performance.now();
  for (let i = 0; i < steps; i++) step();
  return (steps * BATCH) / ((performance.now() - start) / 1000);
}
