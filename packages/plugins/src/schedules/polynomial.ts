// Gradual pruning along a polynomial of any power p: s_t = s_f + (s_i − s_f)(1 − (t − t0)/(nΔt))^p.
import { definePlugin } from '@ontogeny/core';
import { GradualSchedule, gradualOptionsSchema, type RampShape } from './gradual-schedule.js';

/** Zhu & Gupta's shape generalised: 1 − (1 − x)^p (p = 1 linear, p = 3 cubic). */
export function polynomialShape(power: number): RampShape {
  return (x) => 1 - (1 - x) ** power;
}

export default definePlugin({
  kind: 'schedule',
  name: 'polynomial',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'Zhu & Gupta 2017, eq. 1 with a free exponent (TF-MOT PolynomialDecay `power`)',
  description: 'Gradual pruning from `from` to `to` along 1 − (1 − x)^power, an event every `every` steps.',
  options: gradualOptionsSchema({
    power: { type: 'number', exclusiveMinimum: 0, default: 3, description: 'Exponent p (default 3, the cubic; 1 is linear).' },
  }),
  create: (options) => new GradualSchedule(options, polynomialShape(options.power)),
});
