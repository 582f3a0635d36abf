// Magnitude pruning: the connections with the smallest |w| go first.
import { definePlugin, type MaskedParameter, type PruningCriterion } from '@ontogeny/core';
import { criterionOptionsSchema } from './criterion-options.js';

/** |w| of every entry. */
export function magnitudes(w: MaskedParameter): Float32Array {
  const out = new Float32Array(w.size);
  for (let i = 0; i < out.length; i++) out[i] = Math.abs(w.values[i]);
  return out;
}

export default definePlugin({
  kind: 'criterion',
  name: 'magnitude',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'Han et al. 2015, "Learning both Weights and Connections"; Zhu & Gupta 2017 (per layer); Frankle & Carbin 2019',
  description: 'Importance |w|: the smallest weights are removed first, per layer or globally.',
  options: criterionOptionsSchema({}),
  create: (options): PruningCriterion => ({ scope: options.scope, importance: magnitudes }),
});
