// Random pruning: importance drawn uniformly, the control every criterion is measured against.
import { definePlugin, type MaskedParameter, type PruningCriterion, type Rng } from '@ontogeny/core';
import { criterionOptionsSchema } from './criterion-options.js';

export default definePlugin({
  kind: 'criterion',
  name: 'random',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'the random-pruning baseline of Frankle & Carbin 2019 and Liu et al. 2019, "Rethinking the Value of Network Pruning"',
  description: 'Importance uniform in [0, 1) from the event\'s random stream: connections go at random.',
  options: criterionOptionsSchema({}),
  create: (options): PruningCriterion => ({
    scope: options.scope,
    importance: (w: MaskedParameter, rng: Rng) => Float32Array.from({ length: w.size }, () => rng.uniform()),
  }),
});
