// Gradual pruning that removes the same fraction of what remains per unit of time: density decays geometrically.
import { definePlugin } from '@ontogeny/core';
import { GradualSchedule, gradualOptionsSchema, type RampShape } from './gradual-schedule.js';

/**
 * Density d_t = d_i·(d_f/d_i)^x, the continuous form of the lottery ticket's "remove p % of what remains"
 * (Frankle & Carbin 2019), expressed as a fraction of the way from s_i to s_f.
 */
function exponentialShape(from: number, to: number): RampShape {
  const start = 1 - from;
  const finish = 1 - to;
  if (start <= 0 || to === from) return (x) => x;
  return (x) => (start - start * (finish / start) ** x) / (start - finish);
}

export default definePlugin({
  kind: 'schedule',
  name: 'exponential',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'Frankle & Carbin 2019 (a constant fraction of the remaining weights per period), as a continuous schedule',
  description: 'Gradual pruning in which density falls geometrically from 1 − `from` to 1 − `to`, an event every `every` steps.',
  options: gradualOptionsSchema({}),
  create: (options) => new GradualSchedule(options, exponentialShape(options.from, options.to)),
});
