// Which entries of a sparse weight matrix an optimiser step can be limited to: the kept ones, when the others cannot move.
import { MaskedParameter, type Parameter } from '@ontogeny/core';

/**
 * Densest mask stepped at its kept indices: each kept entry costs about a cache miss where the dense step streams, so
 * the indexed step pays only well past 90 % sparsity (the measurement is in docs/architecture.md).
 */
export const KEPT_STEP_MAX_DENSITY = 0.05;

/** What a step of one parameter under one mask visits: its kept entries, or null for all of them. */
interface KeptIndex {
  readonly maskVersion: number;
  readonly indices: Int32Array | null;
}

/**
 * The kept indices of sparse masked parameters, for optimisers whose step leaves an entry with a zero gradient and
 * zero state where it is (no weight decay). Weight gradients are zero off the mask (the kernel's contract); this
 * class checks, once per mask, that the state is zero (+0, bit for bit) off it too — connections pruned during a
 * phase keep their momentum, and are then stepped with the rest until the mask changes again.
 */
export class KeptEntries {
  private readonly kept = new WeakMap<Parameter, KeptIndex>();

  /**
   * The entries a step of `param` with per-entry `state` must visit, when fewer than all: null for a plain
   * Parameter, a mask denser than KEPT_STEP_MAX_DENSITY, or state left off the mask.
   */
  indices(param: Parameter, state: readonly Float32Array[]): Int32Array | null {
    if (!(param instanceof MaskedParameter) || param.learning !== 'values') return null;
    const known = this.kept.get(param);
    if (known?.maskVersion === param.maskVersion) return known.indices;
    const words = param.mask.words;
    const sparse = param.keptCount() <= KEPT_STEP_MAX_DENSITY * param.size && state.every((array) => zeroOffMask(array, words));
    const index = { maskVersion: param.maskVersion, indices: sparse ? param.mask.indices() : null };
    this.kept.set(param, index);
    return index.indices;
  }

  /** Forgets what was checked of `param`'s state: call when the state is replaced or reset. */
  forget(param: Parameter): void {
    this.kept.delete(param);
  }
}

/** Whether every entry of `array` off the mask is +0 (a step would turn a −0 into +0, so −0 counts as state). */
function zeroOffMask(array: Float32Array, words: Uint32Array): boolean {
  const bits = new Uint32Array(array.buffer, array.byteOffset, array.length);
  for (let i = 0; i < bits.length; i++) {
    if (bits[i] !== 0 && ((words[i >>> 5] >>> (i & 31)) & 1) === 0) return false;
  }
  return true;
}
