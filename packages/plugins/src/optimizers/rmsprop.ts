// RMSprop: each entry's step divided by a running root mean square of its gradients (torch.optim.RMSprop, not centred).
import { definePlugin, type Checkpointable, type Kernel, type Optimizer, type Parameter, type PluginState, type OptionsOf } from '@ontogeny/core';
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

/**
 * v ← αv + (1−α)g²; with momentum b ← μb + g/(√v + ε) and w ← w − lr·b, else w ← w − lr·g/(√v + ε).
 * The update itself is the kernel's `rmspropStep`.
 */
export class Rmsprop implements Optimizer, Checkpointable {
  readonly learningRate: number;
  private readonly state = new PerParameterState(['square', 'velocity'] as const);

  constructor(private readonly options: RmspropOptions, private readonly kernel: Kernel) {
    this.learningRate = options.lr;
  }

  step(params: readonly Parameter[], lr: number): void {
    for (const param of params) {
      const { square, velocity } = this.state.of(param);
      this.kernel.rmspropStep(param.values, param.grad, square, velocity, lr, this.options);
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
  inject: ['kernel'],
  create: (options, { kernel }) => new Rmsprop(options, kernel),
});
