// SGD with optional heavy-ball or Nesterov momentum and L2 weight decay: torch.optim.SGD's update with dampening 0.
import { definePlugin, type Kernel, type Checkpointable, type Optimizer, type Parameter, type PluginState, type OptionsOf } from '@ontogeny/core';
import { learningRateOption, weightDecayOption } from './options.js';
import { KeptEntries } from './kept-entries.js';
import { PerParameterState } from './per-parameter-state.js';

const sgdOptions = {
  type: 'object', additionalProperties: false,
  properties: {
    lr: learningRateOption(0.1),
    momentum: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0, description: 'Momentum μ (default 0: plain SGD).' },
    nesterov: { type: 'boolean', default: false, description: 'Nesterov momentum: step along g + μ·b instead of b (default false; needs momentum > 0).' },
    weightDecay: weightDecayOption,
  },
} as const;

export type SgdOptions = OptionsOf<typeof sgdOptions>;

/**
 * g = ∇ + λw; b ← μb + g; w ← w − lr·(g + μb) with Nesterov, w − lr·b without (Sutskever et al. 2013's
 * formulation as PyTorch implements it). A zero buffer gives b = g on the first step, as PyTorch's clone does.
 * The update itself is the kernel's `sgdStep` (SIMD in the native kernel; the reference definition otherwise).
 * Without weight decay an entry with no gradient and no velocity stays where it is, so a sparse layer's kept
 * entries alone are stepped (`sgdStepAt`), with the same bits.
 */
export class Sgd implements Optimizer, Checkpointable {
  readonly learningRate: number;
  private readonly state = new PerParameterState(['velocity'] as const);
  private readonly kept = new KeptEntries();

  constructor(private readonly options: SgdOptions, private readonly kernel: Kernel) {
    this.learningRate = options.lr;
  }

  step(params: readonly Parameter[], lr: number): void {
    for (const param of params) {
      const velocity = this.options.momentum > 0 ? this.state.of(param).velocity : null;
      const kept = this.options.weightDecay === 0 ? this.kept.indices(param, velocity ? [velocity] : []) : null;
      if (kept) this.kernel.sgdStepAt(kept, param.values, param.grad, velocity, lr, this.options);
      else this.kernel.sgdStep(param.values, param.grad, velocity, lr, this.options);
      param.touch();
    }
  }

  resetState(param: Parameter, indices?: Iterable<number>): void {
    this.state.reset(param, indices);
    this.kept.forget(param);
  }

  saveState(params: readonly Parameter[]): PluginState {
    return this.state.saveState(params);
  }

  loadState(params: readonly Parameter[], saved: PluginState): void {
    this.state.loadState(params, saved);
    for (const param of params) this.kept.forget(param);
  }
}

export default definePlugin({
  kind: 'optimizer',
  name: 'sgd',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'Robbins & Monro 1951; momentum Polyak 1964, Nesterov as in Sutskever et al. 2013 (torch.optim.SGD)',
  description: 'Stochastic gradient descent with optional (Nesterov) momentum and L2 weight decay.',
  options: sgdOptions,
  inject: ['kernel'],
  create: (options, { kernel }) => new Sgd(options, kernel),
});
