// The Regrowth contract: which removed connections dynamic sparsity brings back (SET at random, RigL by gradient).
import type { MaskedParameter } from '../../mask/masked-parameter.js';
import type { Rng } from '../../tensor/rng.js';

export interface RegrowthRule {
  /** Whether `choose` reads `w.denseGrad`, so the phase must have the layer accumulate the dense gradient. */
  readonly needsDenseGrad: boolean;
  /** Up to `count` distinct entries of `w.removed` to bring back, ascending; ties broken by index. */
  choose(w: MaskedParameter, count: number, rng: Rng): Int32Array;
}
