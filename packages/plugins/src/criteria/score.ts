// Pruning by mask-learning score: the connections the mask learner values least go first.
import { definePlugin, type MaskedParameter, type PruningCriterion } from '@ontogeny/core';
import { criterionOptionsSchema } from './criterion-options.js';

/** |s| (or s when `signed`) of the layer's scores; a layer that never learned structure has none to rank by. */
export function scoreImportance(signed: boolean): (w: MaskedParameter) => Float32Array {
  return (w) => {
    if (!w.scores) {
      throw new Error(`criterion "score": layer ${w.name} has no mask-learning scores — learn its mask first (a finetune-mask phase, or the prune phase's retune)`);
    }
    return signed ? w.scores.values.slice() : Float32Array.from(w.scores.values, Math.abs);
  };
}

export default definePlugin({
  kind: 'criterion',
  name: 'score',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'Sanh, Wolf & Rush 2020 (pruning by learned scores, TopK); Ramanujan et al. 2020 (edge-popup |s|)',
  description: 'Importance |s| of the mask learner\'s scores (or s itself with `signed`).',
  options: criterionOptionsSchema({
    signed: { type: 'boolean', default: false, description: 'Rank by s rather than |s|: right for threshold and Bernoulli learners, whose negative scores mean "off" (default false).' },
  }),
  create: (options): PruningCriterion => ({ scope: options.scope, importance: scoreImportance(options.signed) }),
});
