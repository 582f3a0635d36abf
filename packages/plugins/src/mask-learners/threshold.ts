// Piggyback's mask learner: real-valued scores thresholded at τ, trained by the straight-through gradient.
import { definePlugin, type Kernel, type MaskedParameter, type MaskLearner, type OptionsOf } from '@ontogeny/core';
import { initialiseScores, writeMask } from './mask-writer.js';

export const thresholdOptions = {
  threshold: { type: 'number', minimum: 0, default: 5e-3, description: 'Threshold τ: a connection is kept while its score exceeds it (default 5e-3).' },
  init: { type: 'number', default: 1e-2, description: 'Initial score of kept connections, 2τ (default 1e-2); the others start at 0.' },
} as const;

const thresholdSchema = { type: 'object', additionalProperties: false, properties: thresholdOptions } as const;

export type ThresholdOptions = OptionsOf<typeof thresholdSchema>;

/**
 * m = 1[s > τ]; the kernel's straight-through gradient dL/ds = dL/dW_eff ⊙ W is used as is (Mallya et al.
 * 2018, eq. 2–3). Scores start at `init` (2τ) on kept connections and 0 elsewhere, so the mask starts as it is —
 * but for the fraction `initSparsity` of the kept connections, smallest |w| first, which start at 0 (Zhao et al.).
 */
export class ThresholdLearner implements MaskLearner {
  constructor(private readonly options: ThresholdOptions, private readonly kernel: Kernel, private readonly initSparsity = 0) {
  }

  initScores(w: MaskedParameter): void {
    initialiseScores(w, this.options.init, 0, this.initSparsity);
  }

  updateMask(w: MaskedParameter): void {
    if (w.scores) writeMask(w, w.scores.values, this.options.threshold, 0, this.kernel);
  }
}

export default definePlugin({
  kind: 'mask-learner',
  name: 'threshold',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'Mallya, Davis & Lazebnik 2018, "Piggyback: Adapting a Single Network to Multiple Tasks by Learning to Mask Weights"',
  description: 'Keeps a connection while its real-valued score exceeds τ; scores learn by the straight-through gradient.',
  options: thresholdSchema,
  inject: ['kernel'],
  create: (options, { kernel }) => new ThresholdLearner(options, kernel),
});
