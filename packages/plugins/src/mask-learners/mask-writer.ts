// Writing a layer's mask from an array compared with a threshold, a word at a time, into a scratch mask kept per layer.
import { BitMask, Parameter, smallestIndices, type Kernel, type MaskedParameter } from '@ontogeny/core';

const scratchMasks = new WeakMap<MaskedParameter, BitMask>();

/**
 * Sets the mask of `w` to 1[values_i > threshold], plus the first `ties` entries (lowest index first) with
 * values_i = threshold, then ∧ ¬removed (through `setMask`); `values` has one entry per connection (w.size).
 * Allocates nothing after the first call per layer: it runs every training step on every masked layer. `kernel`
 * (the run's) compares and packs the bits; `setMask` then writes only the words that
 * differ. Returns whether any bit changed.
 */
export function writeMask(w: MaskedParameter, values: Float32Array, threshold: number, ties: number, kernel: Kernel): boolean {
  let next = scratchMasks.get(w);
  if (!next) {
    next = new BitMask(w.size);
    scratchMasks.set(w, next);
  }
  const words = next.words;
  const n = w.size;
  kernel.thresholdBits(values, threshold, words);
  // Ties at the threshold, lowest index first; usually one entry (the k-th largest itself).
  for (let i = 0, left = ties; i < n && left > 0; i++) {
    if (values[i] === threshold) {
      words[i >>> 5] |= 1 << (i & 31);
      left--;
    }
  }
  return w.setMask(next);
}

/** The scores of `w`, created (zeroed, named after the layer) when the layer has none of the right size. */
export function ensureScores(w: MaskedParameter): Float32Array {
  if (!w.scores || w.scores.size !== w.size) w.scores = new Parameter(`${w.name}.scores`, [w.rows, w.cols]);
  return w.scores.values;
}

/**
 * Fills the scores of `w` with `on` on kept entries and `off` elsewhere, then sets to `off` the
 * round(initSparsity · kept) kept entries of smallest |w| (ties: lowest index), so the first mask is the
 * current one thinned by magnitude (Zhao et al. 2020's magnitude-based initial mask).
 */
export function initialiseScores(w: MaskedParameter, on: number, off: number, initSparsity: number): void {
  const scores = ensureScores(w);
  for (let i = 0; i < scores.length; i++) scores[i] = w.mask.get(i) ? on : off;
  if (initSparsity <= 0) return;
  const magnitudes = Float32Array.from(w.values, Math.abs);
  const thinned = smallestIndices(magnitudes, w.size, Math.round(initSparsity * w.keptCount()), (i) => w.mask.get(i), new Float32Array(w.size));
  for (const i of thinned) scores[i] = off;
}

/** The options of the learners whose scores start from the current mask: the initial thinning by magnitude. */
export const initSparsityOption = {
  type: 'number', minimum: 0, maximum: 1, default: 0,
  description: 'Fraction of the kept connections, smallest |w| first, that start off the mask (default 0: start from the current mask).',
} as const;
