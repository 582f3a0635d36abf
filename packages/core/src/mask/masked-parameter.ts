// The masked parameter: frozen-or-trained values W, a bit-packed mask M, optional scores S, and connections removed for good.
import { Parameter } from '../nn/parameter.js';
import { BitMask } from './bit-mask.js';

/** What a phase learns in a masked parameter: its values (dense or under the mask), its structure, or nothing. */
export type Learning = 'values' | 'structure' | 'frozen';

/** Integer codes and scales of quantized values; `values` then hold the dequantized numbers. */
export interface Quantization {
  readonly bits: number;
  /** One scale per tensor (length 1) or per output row. */
  readonly scales: Float32Array;
  /** The integer level that represents 0, per scale (all 0 when symmetric). */
  readonly zeroPoints: Int32Array;
  /** W = (codes − zeroPoint) · scale, row-major like the values. */
  readonly codes: Int32Array;
}

/**
 * A prunable weight matrix of `rows` outputs × `cols` inputs (row-major). The effective weight is W ⊙ M.
 *
 * Invariants (property-tested): learning structure never changes `values`; a removed connection is never
 * in the mask unless `regrow` brings it back; `density()` is the exact count of kept entries.
 */
export class MaskedParameter extends Parameter {
  readonly mask: BitMask;
  /** Connections removed for good by pruning (aging). Always disjoint from `mask`. */
  readonly removed: BitMask;
  /** Real-valued scores that a mask learner turns into the mask; created when structure is first learned. */
  scores: Parameter | null = null;
  learning: Learning = 'values';
  /** Bumped whenever the mask changes, so kernels re-pack only then. */
  maskVersion = 0;
  quantization: Quantization | null = null;
  /** When set, backward also accumulates the dense gradient dyᵀ·x here, off the mask too (RigL regrowth, taylor). */
  denseGrad: Float32Array | null = null;
  /** One mask per task over these shared values (continual learning), by task name; the active one is `mask`. */
  readonly taskMasks = new Map<string, BitMask>();

  /** The task mask `useTaskMask` last made active, and the mask version it did so at. */
  private taskMaskInUse: { readonly mask: BitMask; readonly version: number } | null = null;
  private effectiveCache: Float32Array | null = null;
  private effectiveKey = '';

  constructor(name: string, readonly rows: number, readonly cols: number, values?: Float32Array) {
    super(name, [rows, cols], values);
    this.mask = BitMask.ones(rows * cols);
    this.removed = new BitMask(rows * cols);
  }

  /** W ⊙ M as a dense row-major array, recomputed only when values or mask have changed. */
  effective(): Float32Array {
    const key = `${this.valuesVersion}:${this.maskVersion}`;
    if (this.effectiveCache && this.effectiveKey === key) return this.effectiveCache;
    const out = this.effectiveCache ?? new Float32Array(this.size);
    const words = this.mask.words;
    for (let i = 0; i < out.length; i++) out[i] = (words[i >>> 5] >>> (i & 31)) & 1 ? this.values[i] : 0;
    this.effectiveCache = out;
    this.effectiveKey = key;
    return out;
  }

  /**
   * Replaces the mask by `next` ∧ ¬removed; returns whether any bit changed. One pass that writes only the words
   * that differ and allocates nothing: mask learners call it every training step on every layer.
   */
  setMask(next: BitMask): boolean {
    const words = this.mask.words;
    const incoming = next.words;
    const removed = this.removed.words;
    let changed = false;
    for (let w = 0; w < words.length; w++) {
      const bits = (incoming[w] & ~removed[w]) >>> 0;
      if (bits !== words[w]) {
        words[w] = bits;
        changed = true;
      }
    }
    if (changed) this.maskVersion++;
    return changed;
  }

  /**
   * Makes `task`'s mask the active one. Only the mask changes: the values, and their quantization codes, are
   * shared by every task, so switching never re-quantizes.
   */
  useTaskMask(task: string): void {
    const mask = this.taskMasks.get(task);
    if (!mask) throw new Error(`${this.name}: no mask for task "${task}" — masks for: ${[...this.taskMasks.keys()].join(', ') || '(none)'}`);
    this.setMask(mask);
    this.taskMaskInUse = { mask, version: this.maskVersion };
  }

  /**
   * The task mask the active mask was set from by `useTaskMask`, or null once the mask has changed since. Kernels
   * key what they pack by it, so a task switched back to finds its layouts. A task's mask is never changed in
   * place: a new mask for a task is a new BitMask.
   */
  get activeTaskMask(): BitMask | null {
    return this.taskMaskInUse?.version === this.maskVersion ? this.taskMaskInUse.mask : null;
  }

  /** Removes connections for good (they leave the mask and cannot come back unless regrown). */
  remove(indices: Iterable<number>): number {
    let count = 0;
    for (const i of indices) {
      if (!this.removed.get(i)) count++;
      this.removed.set(i, true);
      this.mask.set(i, false);
    }
    if (count > 0) this.maskVersion++;
    return count;
  }

  /**
   * Brings connections into the mask, starting from zero (SET / RigL regrowth); returns how many had been removed.
   * Any entry that joins the mask changes its version, removed before or only masked out.
   */
  regrow(indices: Iterable<number>): number {
    let count = 0;
    let joined = false;
    let zeroed = false;
    for (const i of indices) {
      if (this.removed.get(i)) count++;
      joined ||= !this.mask.get(i);
      zeroed ||= !Object.is(this.values[i], 0);
      this.removed.set(i, false);
      this.mask.set(i, true);
      this.values[i] = 0;
    }
    if (joined) this.maskVersion++;
    if (zeroed) this.touch();
    return count;
  }

  keptCount(): number {
    return this.mask.count();
  }

  /** Fraction of entries kept, from the exact count. */
  density(): number {
    return this.keptCount() / this.size;
  }
}
