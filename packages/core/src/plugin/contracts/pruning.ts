// The pruning contracts: a schedule says how sparse and when; a criterion says which connections go first.
import type { MaskedParameter } from '../../mask/masked-parameter.js';
import type { Rng } from '../../tensor/rng.js';

export interface PruningSchedule {
  /** Target sparsity (fraction removed) at step t of a phase of `total` steps. */
  sparsityAt(step: number, total: number): number;
  /** The steps, ascending, at which pruning events happen in a phase of `total` steps (an event at `total` comes after the last step). */
  events(total: number): number[];
  /**
   * For dynamic sparsity (RigL / SET): the fraction of kept connections to drop and regrow at an event, after
   * pruning to `sparsityAt`; absent or 0 means no mask update (see `dropAndRegrow`).
   */
  dropFraction?(step: number, total: number): number;
}

export interface PruningCriterion {
  /** 'layer': each layer reaches the target; 'global': one threshold across all pruned layers. */
  readonly scope: 'layer' | 'global';
  /** Importance of every entry of `w` (higher is kept); only entries in the mask are compared. */
  importance(w: MaskedParameter, rng: Rng): Float32Array;
  /** Called after each backward pass of the phase, for criteria that accumulate (movement). */
  observe?(w: MaskedParameter): void;
}
