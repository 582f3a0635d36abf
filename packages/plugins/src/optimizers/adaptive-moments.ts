// Adam's update, shared by `adam` (L2 decay in the gradient) and `adamw` (decoupled decay): bias-corrected moments per entry.
import {
  type AdamHyperparameters, type Kernel, type OptionsOf, type Checkpointable, type Optimizer, type Parameter, type PluginState,
} from '@ontogeny/core';
import { epsilonOption, learningRateOption, weightDecayOption } from './options.js';
import { PerParameterState } from './per-parameter-state.js';

/** The options schema of an Adam-family plugin; only the weight decay's meaning and default differ. */
export function adamOptionsSchema<const D extends { readonly type: 'number'; readonly default: number }>(weightDecay: D) {
  return {
    type: 'object', additionalProperties: false,
    properties: {
      lr: learningRateOption(1e-3),
      beta1: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0.9, description: 'Decay of the first moment, β1 (default 0.9).' },
      beta2: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0.999, description: 'Decay of the second moment, β2 (default 0.999).' },
      epsilon: epsilonOption,
      weightDecay,
    },
  } as const;
}

export type AdamOptions = OptionsOf<ReturnType<typeof adamOptionsSchema<typeof weightDecayOption>>>;

/**
 * Kingma & Ba 2015, Algorithm 1, in PyTorch's arrangement: m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g²,
 * w ← w − lr · (m / (1−β1ᵗ)) / (√(v / (1−β2ᵗ)) + ε). The step count t is kept per entry, so an entry whose
 * state was reset (a regrown connection) gets its own bias correction from t = 1 again. With `decoupled`
 * (Loshchilov & Hutter 2019, AdamW) weight decay is w ← w·(1 − lr·λ) before the step; without, λ·w joins g.
 * The update itself is the kernel's `adamStep`.
 */
export class AdaptiveMoments implements Optimizer, Checkpointable {
  readonly learningRate: number;
  private readonly state = new PerParameterState(['m', 'v', 't'] as const);
  private readonly hyperparameters: AdamHyperparameters;

  constructor(options: AdamOptions, decoupled: boolean, private readonly kernel: Kernel) {
    this.learningRate = options.lr;
    const { beta1, beta2, epsilon, weightDecay } = options;
    this.hyperparameters = { beta1, beta2, epsilon, weightDecay, decoupled };
  }

  step(params: readonly Parameter[], lr: number): void {
    for (const param of params) {
      this.kernel.adamStep(param.values, param.grad, this.state.of(param), lr, this.hyperparameters);
      param.touch();
    }
  }

  resetState(param: Parameter, indices?: Iterable<number>): void {
    this.state.reset(param, indices);
  }

  saveState(params: readonly Parameter[]): PluginState {
    return this.state.saveState(params);
  }

  loadState(params: readonly Parameter[], saved: PluginState): void {
    this.state.loadState(params, saved);
  }
}
