// Iterative pruning in lottery-ticket levels: each level removes a fixed fraction of what remains, until the target.
import { definePlugin, type PruningSchedule, type OptionsOf } from '@ontogeny/core';

const iterativeOptions = {
  type: 'object', additionalProperties: false,
  properties: {
    to: { type: 'number', minimum: 0, exclusiveMaximum: 1, description: 'Final sparsity, reached exactly at the last level.' },
    rate: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.2, description: 'Fraction of the remaining connections each level removes (default 0.2).' },
    begin: { type: 'integer', minimum: 0, default: 0, description: 'Step of the first level (default 0).' },
    every: { type: 'integer', minimum: 1, description: 'Steps between levels (default: the phase divided evenly among the levels).' },
  },
  required: ['to'],
} as const;

export type IterativeOptions = OptionsOf<typeof iterativeOptions>;

/**
 * Level k (1, 2, …) reaches sparsity 1 − (1 − rate)^k (Frankle & Carbin 2019 prune p = 20 % of the remaining
 * weights per round), the last level exactly `to`; L = ⌈log(1 − to)/log(1 − rate)⌉ levels, the first at `begin`.
 */
export class IterativeSchedule implements PruningSchedule {
  readonly levels: number;

  constructor(private readonly options: IterativeOptions) {
    const { to, rate } = options;
    // The small slack keeps an exact power, e.g. to = 1 − 0.8², from gaining a spurious extra level to rounding.
    this.levels = to <= 0 ? 1 : to >= 1 ? Infinity : Math.max(1, Math.ceil(Math.log(1 - to) / Math.log(1 - rate) - 1e-9));
    if (!Number.isFinite(this.levels)) throw new RangeError('iterative: `to` must be below 1, since each level keeps a fraction of what remains');
  }

  sparsityAt(step: number, total: number): number {
    const { begin } = this.options;
    if (step < begin) return 0;
    const level = Math.min(this.levels, Math.floor((step - begin) / this.spacing(total)) + 1);
    return level >= this.levels ? this.options.to : Math.min(this.options.to, 1 - (1 - this.options.rate) ** level);
  }

  events(total: number): number[] {
    const spacing = this.spacing(total);
    return Array.from({ length: this.levels }, (_, k) => this.options.begin + k * spacing);
  }

  private spacing(total: number): number {
    return this.options.every ?? Math.max(1, Math.floor((total - this.options.begin) / this.levels));
  }
}

export default definePlugin({
  kind: 'schedule',
  name: 'iterative',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'Frankle & Carbin 2019, "The Lottery Ticket Hypothesis" (iterative pruning, p = 20 % per round); Han et al. 2015',
  description: 'Pruning in levels, each removing `rate` of the remaining connections, the last exactly at `to`; training between levels.',
  options: iterativeOptions,
  create: (options) => new IterativeSchedule(options),
});
