// Supermask learner: keep probabilities sigmoid(s), sampled while training, thresholded at ½ for evaluation.
import { definePlugin, type Kernel, type MaskedParameter, type MaskLearner, type Rng, type OptionsOf } from '@ontogeny/core';
import { initialiseScores, initSparsityOption, writeMask } from './mask-writer.js';

const bernoulliOptions = {
  type: 'object', additionalProperties: false,
  properties: {
    init: { type: 'number', exclusiveMinimum: 0, default: 5, description: 'Initial logit magnitude: +init on kept connections (keep ≈ 0.993 at 5), −init elsewhere (default 5).' },
    initSparsity: { ...initSparsityOption, description: 'Fraction of the kept connections, smallest |w| first, that start at −init (default 0).' },
    gradient: {
      enum: ['sigmoid', 'identity'], default: 'sigmoid',
      description: "Score gradient: the straight-through gradient times σ'(s) (Zhou et al.), or as it is (default 'sigmoid').",
    },
  },
} as const;

export type BernoulliOptions = OptionsOf<typeof bernoulliOptions>;

/**
 * Training: m ~ Bernoulli(σ(s)), a fresh sample every step from the step's own stream; evaluation: m = 1[σ(s) > ½],
 * i.e. s > 0 (Zhou et al. 2019, §2.3 and their deterministic masks). The backward pass treats the sample as the
 * identity; with gradient 'sigmoid' (default, Zhou et al.'s estimator) the learner then applies the sigmoid's
 * derivative, dL/ds = (dL/dW_eff ⊙ W)·σ(s)(1 − σ(s)); 'identity' keeps the plain straight-through gradient
 * (Bengio et al. 2013), which learns faster from saturated logits like ±5.
 */
export class BernoulliLearner implements MaskLearner {
  private readonly draws = new WeakMap<MaskedParameter, Float32Array>();

  /** `kernel` compares and packs the mask bits each step (SIMD in the native kernel). */
  constructor(private readonly options: BernoulliOptions, private readonly kernel: Kernel) {
  }

  initScores(w: MaskedParameter): void {
    initialiseScores(w, this.options.init, -this.options.init, this.options.initSparsity);
  }

  updateMask(w: MaskedParameter, training: boolean, rng: Rng): void {
    if (!w.scores) return;
    const scores = w.scores.values;
    if (!training) {
      writeMask(w, scores, 0, 0, this.kernel);
      return;
    }
    let margin = this.draws.get(w);
    if (!margin) {
      margin = new Float32Array(w.size);
      this.draws.set(w, margin);
    }
    // Keep where u < σ(s), i.e. σ(s) − u > 0. Each 32-bit draw gives two uniforms of 16 bits (midpoints of
    // 1/65536 cells), which halves the cost of the generator that dominates this per-step loop; keep
    // probabilities are resolved to 1.5e-5, far below what the scores' learning can distinguish.
    for (let i = 0; i < margin.length; i += 2) {
      const draw = rng.nextUint32();
      margin[i] = sigmoid(scores[i]) - ((draw & 0xffff) + 0.5) / 65536;
      if (i + 1 < margin.length) margin[i + 1] = sigmoid(scores[i + 1]) - ((draw >>> 16) + 0.5) / 65536;
    }
    writeMask(w, margin, 0, 0, this.kernel);
  }

  adjustGradient(w: MaskedParameter): void {
    if (this.options.gradient !== 'sigmoid' || !w.scores) return;
    const { values, grad } = w.scores;
    for (let i = 0; i < grad.length; i++) {
      const p = sigmoid(values[i]);
      grad[i] *= p * (1 - p);
    }
  }
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export default definePlugin({
  kind: 'mask-learner',
  name: 'bernoulli',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'Zhou, Lan, Liu & Yosinski 2019, "Deconstructing Lottery Tickets: Zeros, Signs, and the Supermask"; Radiya-Dixit & Wang 2020',
  description: 'Samples each connection with probability sigmoid(score) while training (straight-through), keeps sigmoid(score) > ½ at evaluation.',
  options: bernoulliOptions,
  inject: ['kernel'],
  create: (options, { kernel }) => new BernoulliLearner(options, kernel),
});
