// The MaskLearner contract: real-valued scores over frozen weights, turned into a binary mask.
import type { MaskedParameter } from '../../mask/masked-parameter.js';
import type { Rng } from '../../tensor/rng.js';

export interface MaskLearner {
  /** Creates `w.scores` from the current mask and values (the mask it starts from). */
  initScores(w: MaskedParameter, rng: Rng): void;
  /** Sets the mask from the scores; `training` lets a stochastic learner sample. Never touches `w.values`. */
  updateMask(w: MaskedParameter, training: boolean, rng: Rng): void;
  /** Turns the straight-through gradient dL/dW_eff ⊙ W in `w.scores.grad` into the scores' gradient, if it differs. */
  adjustGradient?(w: MaskedParameter): void;
}
