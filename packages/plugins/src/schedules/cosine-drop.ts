// RigL / SET's mask-update schedule: a fixed sparsity, with a cosine-decaying fraction of connections dropped and regrown every ΔT steps.
import { definePlugin, type OptionsOf, type PruningSchedule } from '@ontogeny/core';

const cosineDropOptions = {
  type: 'object', additionalProperties: false,
  properties: {
    to: { type: 'number', minimum: 0, maximum: 1, description: 'Sparsity held throughout (reached at step 0).' },
    alpha: { type: 'number', minimum: 0, maximum: 1, default: 0.3, description: 'Initial drop fraction α (default 0.3).' },
    every: { type: 'integer', minimum: 1, default: 100, description: 'Steps ΔT between mask updates (default 100).' },
    end: { type: 'integer', minimum: 1, description: 'Step T_end after which the mask stays fixed (default: 75 % of the phase).' },
  },
  required: ['to'],
} as const;

/** The options of `cosine-drop`; an absent `end` (T_end) is three quarters of the phase, as RigL's end step. */
export type CosineDropOptions = OptionsOf<typeof cosineDropOptions>;

/**
 * Sparsity `to` from the first event (step 0) on; at each later event t < T_end a fraction
 * α/2·(1 + cos(πt/T_end)) of the kept connections is dropped and as many regrown (Evci et al. 2020, eq. 1).
 * The event at step 0 only prunes, so its drop fraction is 0.
 */
export class CosineDropSchedule implements PruningSchedule {
  constructor(private readonly options: CosineDropOptions) {}

  sparsityAt(): number {
    return this.options.to;
  }

  events(total: number): number[] {
    const end = this.end(total);
    const steps = [0];
    for (let step = this.options.every; step < end; step += this.options.every) steps.push(step);
    return steps;
  }

  dropFraction(step: number, total: number): number {
    const end = this.end(total);
    if (step <= 0 || step >= end) return 0;
    return (this.options.alpha / 2) * (1 + Math.cos((Math.PI * step) / end));
  }

  private end(total: number): number {
    return this.options.end ?? Math.floor(0.75 * total);
  }
}

export default definePlugin({
  kind: 'schedule',
  name: 'cosine-drop',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'Evci et al. 2020, "Rigging the Lottery: Making All Tickets Winners" (RigL), eq. 1: α = 0.3, ΔT = 100, T_end = 75 % of training',
  description: 'Holds sparsity `to` and every `every` steps drops and regrows a fraction α/2·(1 + cos(πt/T_end)) of the kept connections.',
  options: cosineDropOptions,
  create: (options) => new CosineDropSchedule(options),
});
