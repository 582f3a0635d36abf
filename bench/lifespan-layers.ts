// The layer-level lifespan benchmark: the MLP 784-300-100-10 (the mlp plugin's model, softmaxCrossEntropy),
// batch 128, plain SGD, one fixed batch — the kernel's share of a training step without the engine around it.
import {
  BitMask, MaskedParameter, Parameter, Rng, Tensor, elementwiseOps, softmaxCrossEntropy, type ElementwiseOps, type Kernel,
} from '@ontogeny/core';
import { Mlp } from '@ontogeny/plugins';
import { rng } from './random.js';

const BATCH = 128;
const TAU = 5e-3;
const LR = 0.01;

export type Phase = 'dense pre-training' | 'mask fine-tuning' | 'sparse 90 % training' | 'sparse 97 % training';
export const PHASES: Phase[] = ['dense pre-training', 'mask fine-tuning', 'sparse 90 % training', 'sparse 97 % training'];

const PLAIN_SGD = { momentum: 0, nesterov: false, weightDecay: 0 };

/** Plain SGD by the kernel's element-wise op, as the sgd plugin steps. */
function sgd(ops: ElementwiseOps, parameter: Parameter): void {
  ops.sgdStep(parameter.values, parameter.grad, null, LR, PLAIN_SGD);
  parameter.touch();
  parameter.grad.fill(0);
}

/** Samples per second of `steps` training steps of one phase on `kernel`, after a short warm-up. */
export function measureLayers(kernel: Kernel, phase: Phase, steps: number): number {
  const next = rng(1);
  // The plugin's MLP, so the hidden activations take the layout the kernel chooses (feature-major between sparse
  // layers) as in a run; its head is the third layer.
  const model = new Mlp(784, { hidden: [300, 100], init: 'pytorch' }, kernel, (...parts) => Rng.derive(1, ...parts));
  model.addHead('fashion', 10, 'classify', Rng.derive(1, 'head'));
  const hidden = model.maskedParameters();
  const [headWeight, headBias] = model.headParameters('fashion');
  const weights = [...hidden, headWeight];
  const biases = [...model.bodyParameters().filter((p) => !hidden.includes(p as MaskedParameter)), headBias];
  const ops = elementwiseOps(kernel);
  const scratchMasks = weights.map((w) => new BitMask(w.size));
  for (const w of weights) {
    for (let i = 0; i < w.size; i++) w.values[i] = (next() - 0.5) * 0.1;
    w.touch();
  }
  if (phase.startsWith('sparse')) {
    const sparsity = phase.includes('97') ? 0.97 : 0.9;
    for (const w of hidden) w.setMask(BitMask.from(w.size, () => next() >= sparsity));
  }
  if (phase === 'mask fine-tuning') {
    hidden.forEach((w, index) => {
      w.learning = 'structure';
      w.scores = new Parameter(`${w.name}.scores`, [w.size]);
      w.scores.values.fill(2 * TAU);
      biases[index].requiresGrad = false;
    });
  }
  const x = new Tensor(Float32Array.from({ length: BATCH * 784 }, next), BATCH, 784);
  const labels = Int32Array.from({ length: BATCH }, () => Math.floor(next() * 10));
  const mode = { training: true };
  const step = () => {
    model.backward(softmaxCrossEntropy(model.forward(x, 'fashion', mode), labels).dLogits);
    weights.forEach((w, index) => {
      if (w instanceof MaskedParameter && w.learning === 'structure' && w.scores) {
        sgd(ops, w.scores);
        // Threshold learner: the mask follows the scores every step, so the kernel re-packs every step.
        ops.thresholdBits(w.scores.values, TAU, scratchMasks[index].words);
        w.setMask(scratchMasks[index]);
      } else {
        sgd(ops, w);
      }
      if (biases[index].requiresGrad) sgd(ops, biases[index]);
    });
  };
  for (let i = 0; i < 5; i++) step();
  const start = performance.now();
  for (let i = 0; i < steps; i++) step();
  return (steps * BATCH) / ((performance.now() - start) / 1000);
}
