// One layer's weights in the native layouts, re-packed only when its mask (maskVersion) or values (valuesVersion) change.
import type { BitMask } from '../../mask/bit-mask.js';
import type { MaskedParameter } from '../../mask/masked-parameter.js';
import type { NativeAddon } from './addon.js';
import type { LayoutState, MaskStats, Upkeep, WeightFormat } from './format-choice.js';

/** A compressed layout: structure from the mask, values gathered through `perm` (−1 = a stored zero). */
export interface SparseLayout {
  readonly ptr: Int32Array | null;
  readonly index: Uint16Array | Uint8Array;
  readonly perm: Int32Array;
  readonly values: Float32Array;
  valuesVersion: number;
}

type LayoutName = 'csr' | 'csc' | 'block4' | 'nm24';

/**
 * Where a layer's upkeep stood, for a checkpoint: how many ops its mask and values had served, whether they had
 * changed since the last op, and which layouts held them. The format choice weighs these, so a resumed run must
 * find them as the run it continues left them, or it would choose (and round) differently.
 */
export interface UpkeepSnapshot {
  readonly maskServed: number;
  readonly valuesServed: number;
  readonly maskCurrent: boolean;
  readonly valuesCurrent: boolean;
  /** The layouts built for the current mask, and whether each held the current values. */
  readonly layouts: Readonly<Record<string, boolean>>;
  readonly denseCurrent: boolean;
}

/** A task mask's sparse layouts, the bits they were packed from (and their counts), and the ops the mask served. */
interface TaskMaskLayouts {
  readonly words: Uint32Array;
  readonly layouts: Map<LayoutName, SparseLayout>;
  readonly stats: MaskStats;
  readonly served: number;
}

/** The packed forms of one MaskedParameter, built lazily per layout and dropped when the mask changes. */
export class PackedWeights {
  stats: MaskStats;
  private maskVersion: number;
  /** Ops the current mask, and the current values, served before this one. */
  private maskServed = 0;
  private valuesVersion = -1;
  private valuesServed = 0;
  private layouts = new Map<LayoutName, SparseLayout>();
  /**
   * What each task's mask had when the layer switched to another task: its sparse layouts and the ops it had
   * served. Switching back costs no re-packing, and a mask that serves one op per activation (task inference
   * tries every task's mask in turn) still earns a packed layout by the rent-or-buy rule over all its
   * activations. Only sparse layouts are kept — the cost model builds them only for masks sparse enough that
   * they pay, where re-packing costs more than the product itself (`pnpm bench mask-switch`); W ⊙ M for the dense ops
   * is one cheap pass and is not kept.
   */
  private readonly byTaskMask = new WeakMap<BitMask, TaskMaskLayouts>();
  /** The task mask the current layouts belong to, and its bits as the layer had them (removals included). */
  private taskMask: { readonly mask: BitMask; readonly words: Uint32Array } | null = null;
  private dense: Float32Array | null = null;
  /** The mask and values versions `dense` was computed from. */
  private denseMaskVersion = -1;
  private denseValuesVersion = -1;
  /**
   * Layouts a resumed run's checkpoint says were built, with the values version they held: the format choice
   * treats them as built, and the first op that uses one builds it (the same bytes as the run it continues).
   */
  private readonly assumed = new Map<LayoutName | 'dense', { mask: number; values: number }>();

  /** What each layout needs before an op can use it, for the format choice (one function, not one per op). */
  readonly upkeep: Upkeep = (format) => this.state(format);

  constructor(private readonly addon: NativeAddon, private readonly w: MaskedParameter) {
    this.maskVersion = w.maskVersion;
    this.stats = this.analyze();
  }

  /** Every connection kept: W_eff is W itself, so the dense ops read the values without a masked copy. */
  get full(): boolean {
    return this.stats.kept === this.w.size;
  }

  /** The current mask's counts without counting an op: for a choice made ahead of the ops. */
  currentStats(): MaskStats {
    return this.w.maskVersion === this.maskVersion ? this.stats : this.analyze();
  }

  /** Drops structures built for an older mask; cheap when nothing changed. Called once per op. */
  refresh(): void {
    this.valuesServed = this.w.valuesVersion === this.valuesVersion ? this.valuesServed + 1 : 0;
    this.valuesVersion = this.w.valuesVersion;
    if (this.w.maskVersion === this.maskVersion) {
      this.maskServed++;
      return;
    }
    this.maskVersion = this.w.maskVersion;
    // The count lags one op: the op that followed the last refresh was served too
    if (this.taskMask) {
      this.byTaskMask.set(this.taskMask.mask, { words: this.taskMask.words, layouts: this.layouts, stats: this.stats, served: this.maskServed + 1 });
    }
    const kept = this.recall();
    this.layouts = kept?.layouts ?? new Map();
    this.maskServed = kept?.served ?? 0;
    this.assumed.clear();
    this.stats = kept?.stats ?? this.analyze();
  }

  /** What was kept for the task mask now active, if its bits are still those it was kept with (removals change them). */
  private recall(): TaskMaskLayouts | null {
    const mask = this.w.activeTaskMask;
    const words = this.w.mask.words;
    const kept = mask ? this.byTaskMask.get(mask) : undefined;
    const same = kept !== undefined && kept.words.length === words.length && kept.words.every((word, i) => word === words[i]);
    this.taskMask = mask ? { mask, words: same ? kept.words : words.slice() } : null;
    return same ? kept : null;
  }

  /** The upkeep as it stands, for a checkpoint. */
  snapshot(): UpkeepSnapshot {
    const layouts: Record<string, boolean> = {};
    for (const name of ['csr', 'csc', 'block4', 'nm24'] as const) {
      const state = this.state(name);
      if (state.packed) layouts[name] = state.current;
    }
    return {
      maskServed: this.maskServed, valuesServed: this.valuesServed,
      maskCurrent: this.w.maskVersion === this.maskVersion, valuesCurrent: this.w.valuesVersion === this.valuesVersion,
      layouts, denseCurrent: this.state('dense').current,
    };
  }

  /** The packed forms of `w` as a checkpoint's `snapshot` left them (after `w` was restored). */
  static resumed(addon: NativeAddon, w: MaskedParameter, snapshot: UpkeepSnapshot): PackedWeights {
    const packed = new PackedWeights(addon, w);
    packed.maskServed = snapshot.maskServed;
    packed.valuesServed = snapshot.valuesServed;
    // A change since the last op is replayed by the next refresh
    if (!snapshot.maskCurrent) packed.maskVersion = -1;
    packed.valuesVersion = snapshot.valuesCurrent ? w.valuesVersion : -1;
    for (const [name, current] of Object.entries(snapshot.layouts)) {
      packed.assumed.set(name as LayoutName, { mask: w.maskVersion, values: current ? w.valuesVersion : -1 });
    }
    if (snapshot.denseCurrent) packed.assumed.set('dense', { mask: w.maskVersion, values: w.valuesVersion });
    return packed;
  }

  /** W ⊙ M, dense, row-major. */
  effective(): Float32Array {
    const w = this.w;
    // Dense training changes the values every step; copying W into W ⊙ M then would cost a pass over W per step.
    if (this.full) return w.values;
    if (!this.dense || !this.denseCurrent()) {
      this.assumed.delete('dense');
      this.dense ??= new Float32Array(w.size);
      this.addon.maskApply(w.size, w.values, w.mask.words, this.dense);
      this.denseMaskVersion = w.maskVersion;
      this.denseValuesVersion = w.valuesVersion;
    }
    return this.dense;
  }

  /** Whether a layout is built for the current mask and holds the current values (what an op would pay first). */
  state(format: WeightFormat | 'csc'): LayoutState {
    const { maskServed, valuesServed } = this;
    const assumed = this.assumed.get(format);
    const assumedCurrent = assumed !== undefined && assumed.mask === this.w.maskVersion && assumed.values === this.w.valuesVersion;
    if (format === 'dense') {
      const current = this.full || this.dense !== null && this.denseCurrent() || assumedCurrent;
      return { packed: true, current, maskServed, valuesServed };
    }
    const layout = this.layouts.get(format);
    if (!layout && assumed) return { packed: true, current: assumedCurrent, maskServed, valuesServed };
    return { packed: layout !== undefined, current: layout?.valuesVersion === this.w.valuesVersion, maskServed, valuesServed };
  }

  /** A sparse layout with values as of now; without `values`, only its structure (SDDMM reads no weights). */
  layout(name: LayoutName, values = true): SparseLayout {
    let layout = this.layouts.get(name);
    if (!layout) {
      layout = this.build(name);
      this.layouts.set(name, layout);
      this.assumed.delete(name);
    }
    if (values && layout.valuesVersion !== this.w.valuesVersion) {
      this.addon.gather(layout.perm.length, this.w.values, layout.perm, layout.values);
      layout.valuesVersion = this.w.valuesVersion;
    }
    return layout;
  }

  private denseCurrent(): boolean {
    return this.denseMaskVersion === this.w.maskVersion && this.denseValuesVersion === this.w.valuesVersion;
  }

  private build(name: LayoutName): SparseLayout {
    const { rows, cols, kept, blocks4 } = this.stats;
    let ptr: Int32Array | null;
    let index: Uint16Array | Uint8Array;
    let stored: number;
    if (name === 'nm24') {
      stored = rows * 2 * Math.ceil(cols / 4);
      ptr = null;
      index = new Uint8Array(stored);
    } else {
      const units = name === 'csr' ? rows : name === 'csc' ? cols : Math.ceil(rows / 4);
      ptr = new Int32Array(units + 1);
      index = new Uint16Array(name === 'block4' ? blocks4 : kept);
      stored = name === 'block4' ? 4 * blocks4 : kept;
    }
    const perm = new Int32Array(stored);
    this.addon.pack(this.addon.formatCodes[name], this.w.mask.words, rows, cols, ptr, index, perm);
    return { ptr, index, perm, values: new Float32Array(stored), valuesVersion: -1 };
  }

  /**
   * The kept count at once (a popcount); the block and group counts, a pass over the mask 32 columns at a time
   * by word operations, only when the format choice asks. A mask learner changes the mask every step, while the
   * layer is usually dense enough that the kept count alone rules the sparse layouts out.
   */
  private analyze(): MaskStats {
    const { rows, cols } = this.w;
    const words = this.w.mask.words;
    const addon = this.addon;
    let counts: Int32Array | null = null;
    const full = () => {
      if (!counts) addon.analyze(words, rows, cols, (counts = new Int32Array(4)));
      return counts;
    };
    return {
      rows, cols, kept: this.w.keptCount(),
      get blocks4() { return full()[1]; },
      get worstGroup() { return full()[2]; },
    };
  }
}
