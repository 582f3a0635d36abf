// Zhu & Gupta's gradual pruning schedule: sparsity rises fast at first and levels off, s_t = s_f + (s_i − s_f)(1 − (t − t0)/(nΔt))³.
import { definePlugin } from '@ontogeny/core';
import { GradualSchedule, gradualOptionsSchema } from './gradual-schedule.js';
import { polynomialShape } from './polynomial.js';

export default definePlugin({
  kind: 'schedule',
  name: 'cubic',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'Zhu & Gupta 2017, "To prune, or not to prune", eq. 1 (TF-MOT PolynomialDecay, power 3, frequency 100)',
  description: 'Gradual pruning from `from` to `to` along a cubic, an event every `every` steps, the last exactly at `end`.',
  options: gradualOptionsSchema({}),
  create: (options) => new GradualSchedule(options, polynomialShape(3)),
});
