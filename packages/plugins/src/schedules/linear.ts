// Gradual pruning at a constant rate: s_t = s_i + (s_f − s_i)(t − t0)/(nΔt).
import { definePlugin } from '@ontogeny/core';
import { GradualSchedule, gradualOptionsSchema } from './gradual-schedule.js';
import { polynomialShape } from './polynomial.js';

export default definePlugin({
  kind: 'schedule',
  name: 'linear',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'Zhu & Gupta 2017, eq. 1 with power 1 (TF-MOT PolynomialDecay, power 1)',
  description: 'Gradual pruning from `from` to `to` in equal steps, an event every `every` steps.',
  options: gradualOptionsSchema({}),
  create: (options) => new GradualSchedule(options, polynomialShape(1)),
});
