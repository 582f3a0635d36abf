// RMSprop: each entry's step divided by a running root mean square of its gradients (torch.optim.RMSprop, not centred).
import { definePlugin, type Checkpointable, type Optimizer, type Parameter, type PluginState, type OptionsOf } from '@ontogeny/core';
import { epsilonOption, learningRateOption, weightDecayOption } from './options.js';
import { PerParameterState } from './per-parameter-state.js';

const rmspropOptions = {
  type: 'object', additionalProperties: false,
  properties: {
    lr: learningRateOption(0.01),
    alpha: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0.99, description: 'Decay α of the mean square (default 0.99).' },
    epsilon: epsilonOption,
    momentum: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0, description: 'Momentum μ on the normalised step (default 0).' },
    weightDecay: weightDecayOption,
  },
} as const;

export type RmspropOptions = OptionsOf<typeof rmspropOptions>;

/** v ← αv + (1−α)g²; with momentum b ← μb + g/(√v + ε) and w ← w − lr·b, else w ← w − lr·g/(√v + ε). */
export class Rmsprop implements Optimizer, Checkpointable {
  readonly learningRate: number;
  private readonly state = new PerParameterState(['square', 'velocity'] as const);

  constructor(private readonly options: RmspropOptions) {
    this.learningRate = options.lr;
  }

  step(params: readonly Parameter[], lr: number): void {
    const { alpha, epsilon, momentum, weightDecay } = this.options;
    for (const param of params) {
      const { values, grad } = param;
      const { square, velocity } = this.state.of(param);
      for (let i = 0; i < values.length; i++) {
        const g = grad[i] + weightDecay * values[i];
        square[i] = alpha * square[i] + (1 - alpha) * g * g;
        let update = g / (Math.sqrt(square[i]) + epsilon);
        if (momentum > 0) {
          velocity[i] = momentum * velocity[i] + update;
          update = velocity[i];
        }
        values[i] -= lr * update;
      }
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

export default definePlugin({
  kind: 'optimizer',
  name: 'rmsprop',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'Tieleman & Hinton 2012, COURSERA Neural Networks lecture 6.5 (torch.optim.RMSprop)',
  description: 'Divides each step by a running root mean square of the gradient; optional momentum and L2 decay.',
  options: rmspropOptions,
  create: (options) => new Rmsprop(options),
});
