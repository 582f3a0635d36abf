// Dynamic sparsity's mask update: drop the least important kept connections, regrow as many by a regrowth rule.
import type { RegrowthRule } from '../plugin/contracts/regrowth.js';
import type { Rng } from '../tensor/rng.js';
import type { MaskedParameter } from './masked-parameter.js';
import { smallestIndices } from './select.js';

/** What one layer's mask update did. */
export interface MaskUpdate {
  /** Connections that left the mask (removed), ascending. */
  readonly dropped: Int32Array;
  /** Connections that are new to the mask, starting from 0: reset their optimiser state (`Optimizer.resetState`). */
  readonly regrown: Int32Array;
}

/**
 * One RigL / SET mask update (Evci et al. 2020, Algorithm 1; Mocanu et al. 2018): in each layer the
 * round(fraction · kept) least important kept connections are removed, then as many are chosen by `rule` among
 * all removed connections — the ones just dropped included — and brought back, so density is unchanged.
 * A connection dropped and chosen again keeps its value and optimiser state, as in RigL's code where only
 * connections absent before the update are zero-initialised; every other regrown weight starts at 0.
 *
 * @example
 * const [update] = dropAndRegrow([layer], [criterion.importance(layer, rng)], schedule.dropFraction!(step, total), rigl, rng);
 * optimizer.resetState(layer, update.regrown);
 */
export function dropAndRegrow(layers: readonly MaskedParameter[], importance: readonly Float32Array[], fraction: number,
  rule: RegrowthRule, rng: Rng): MaskUpdate[] {
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`dropAndRegrow: drop fraction ${fraction} is not in [0, 1]`);
  return layers.map((layer, l) => {
    if (importance[l].length !== layer.size) {
      throw new RangeError(`dropAndRegrow: ${layer.name} has ${layer.size} entries but its importance has ${importance[l].length}`);
    }
    const count = Math.round(fraction * layer.keptCount());
    if (count === 0) return { dropped: new Int32Array(0), regrown: new Int32Array(0) };
    const dropped = smallestIndices(importance[l], layer.size, count, (i) => layer.mask.get(i), new Float32Array(layer.size));
    const held = Float32Array.from(dropped, (i) => layer.values[i]);
    layer.remove(dropped);
    const chosen = rule.choose(layer, dropped.length, rng);
    layer.regrow(chosen);
    const isDropped = new Set(dropped);
    const returned = new Set<number>();
    dropped.forEach((i, d) => {
      if (layer.mask.get(i)) { layer.values[i] = held[d]; returned.add(i); }
    });
    if (returned.size > 0) layer.touch();
    return {
      dropped: dropped.filter((i) => !returned.has(i)),
      regrown: chosen.filter((i) => !isDropped.has(i)),
    };
  });
}
