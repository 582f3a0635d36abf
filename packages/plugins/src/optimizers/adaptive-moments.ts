// Adam's update, shared by `adam` (L2 decay in the gradient) and `adamw` (decoupled decay): bias-corrected moments per entry.
import type { JsonSchema, Optimizer, Parameter } from '@ontogeny/core';
import { epsilonOption, learningRateOption } from './options.js';
import { PerParameterState } from './per-parameter-state.js';

export interface AdamOptions {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;
}

/** The options schema of an Adam-family plugin; only the weight decay's meaning and default differ. */
export function adamOptionsSchema(weightDecay: JsonSchema): JsonSchema {
  return {
    type: 'object', additionalProperties: false,
    properties: {
      lr: learningRateOption(1e-3),
      beta1: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0.9, description: 'Decay of the first moment, β1 (default 0.9).' },
      beta2: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0.999, description: 'Decay of the second moment, β2 (default 0.999).' },
      epsilon: epsilonOption,
      weightDecay,
    },
  };
}

/**
 * Kingma & Ba 2015, Algorithm 1, in PyTorch's arrangement: m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g²,
 * w ← w − lr · (m / (1−β1ᵗ)) / (√(v / (1−β2ᵗ)) + ε). The step count t is kept per entry, so an entry whose
 * state was reset (a regrown connection) gets its own bias correction from t = 1 again. With `decoupled`
 * (Loshchilov & Hutter 2019, AdamW) weight decay is w ← w·(1 − lr·λ) before the step; without, λ·w joins g.
 */
export class AdaptiveMoments implements Optimizer {
  readonly learningRate: number;
  private readonly state = new PerParameterState(['m', 'v', 't'] as const);
  /** βᵗ for t = 0, 1, …, grown on demand: one multiplication per new t instead of a pow per entry and step. */
  private readonly powers1 = [1];
  private readonly powers2 = [1];

  constructor(private readonly options: AdamOptions, private readonly decoupled: boolean) {
    this.learningRate = options.lr;
  }

  step(params: readonly Parameter[], lr: number): void {
    const { beta1, beta2, epsilon, weightDecay } = this.options;
    const coupledDecay = this.decoupled ? 0 : weightDecay;
    const shrink = this.decoupled ? 1 - lr * weightDecay : 1;
    for (const param of params) {
      const { values, grad } = param;
      const { m, v, t } = this.state.of(param);
      for (let i = 0; i < values.length; i++) {
        const g = grad[i] + coupledDecay * values[i];
        const step = t[i] + 1;
        t[i] = step;
        m[i] = beta1 * m[i] + (1 - beta1) * g;
        v[i] = beta2 * v[i] + (1 - beta2) * g * g;
        const mHat = m[i] / (1 - power(this.powers1, beta1, step));
        const vHat = v[i] / (1 - power(this.powers2, beta2, step));
        values[i] = values[i] * shrink - lr * mHat / (Math.sqrt(vHat) + epsilon);
      }
      param.touch();
    }
  }

  resetState(param: Parameter, indices?: Iterable<number>): void {
    this.state.reset(param, indices);
  }
}

function power(powers: number[], beta: number, step: number): number {
  while (powers.length <= step) powers.push(powers[powers.length - 1] * beta);
  return powers[step];
}
