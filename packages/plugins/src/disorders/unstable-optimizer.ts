// A disorder of optimisation: learning-rate spikes and gradient noise injected into the training steps of a phase.
import { definePlugin, type Disorder, type DisorderTarget, type MaskedParameter, type PerturbReport, type Rng, type StepPerturbation, type OptionsOf } from '@ontogeny/core';

const unstableOptimizerOptions = {
  type: 'object', additionalProperties: false,
  properties: {
    spikeProbability: { type: 'number', minimum: 0, maximum: 1, default: 0.01, description: 'Probability p that a step\'s learning rate spikes (default 0.01).' },
    spikeFactor: { type: 'number', minimum: 1, default: 10, description: 'Factor k of a spike (default 10).' },
    gradientNoise: { type: 'number', minimum: 0, default: 0, description: 'Noise σ added to each trained gradient, relative to its tensor\'s RMS (default 0).' },
  },
} as const;

export type UnstableOptimizerOptions = OptionsOf<typeof unstableOptimizerOptions>;

/**
 * Each step, with probability p the learning rate is multiplied by k (a spike); and σ·rms(g)·N(0, 1) is added
 * to each gradient entry the phase trains in the target layers — `grad` at kept connections when the layer
 * learns values, `scores.grad` everywhere when it learns structure; frozen layers, biases and heads are left
 * alone. Gradient noise as in Neelakantan et al. 2015, relative to each tensor's RMS so one σ suits every
 * layer. `apply` changes nothing (it is the report at attachment); the dose is p·(k − 1) + σ, the expected
 * excess of the learning rate plus the relative noise, 0 exactly when training is untouched.
 */
function unstableOptimizer(options: UnstableOptimizerOptions): Disorder {
  const { spikeProbability: p, spikeFactor: k, gradientNoise: sigma } = options;
  return {
    apply(): PerturbReport {
      return { dose: p * (k - 1) + sigma, detail: { spikeProbability: p, spikeFactor: k, gradientNoise: sigma } };
    },
    perturbStep(_step: number, target: DisorderTarget, rng: Rng): StepPerturbation {
      const spike = p > 0 && rng.uniform() < p;
      if (sigma > 0) for (const w of target.layers) addNoise(w, sigma, rng);
      return { lrFactor: spike ? k : 1 };
    },
  };
}

function addNoise(w: MaskedParameter, sigma: number, rng: Rng): void {
  const structure = w.learning === 'structure' && w.scores !== null;
  if (!structure && !(w.learning === 'values' && w.requiresGrad)) return;
  const grad = structure ? w.scores!.grad : w.grad;
  let squares = 0;
  for (const g of grad) squares += g * g;
  const scale = sigma * Math.sqrt(squares / grad.length);
  if (scale === 0) return;
  for (let i = 0; i < grad.length; i++) {
    // Weight gradients stay sampled at kept connections (the kernel's contract); score gradients are dense.
    if (structure || w.mask.get(i)) grad[i] += scale * rng.normal();
  }
}

export default definePlugin({
  kind: 'disorder',
  name: 'unstable-optimizer',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'Neelakantan et al. 2015, "Adding Gradient Noise Improves Learning for Very Deep Networks" (noise, here as a fault); learning-rate spikes after Goyal et al. 2017',
  description: 'During a phase: learning-rate spikes (probability p, factor k) and relative gradient noise σ on the trained gradients of the target layers.',
  options: unstableOptimizerOptions,
  create: (options) => unstableOptimizer(options),
});
