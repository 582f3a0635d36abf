// Which weight layout each native op uses for a layer: a cost model whose rates were measured by `pnpm bench kernel`.
// B = batch, I = inputs, O = outputs
import type { ActivationLayout } from '../contract.js';

/** The layouts of W_eff the native kernel computes with. */
export type WeightFormat = 'dense' | 'csr' | 'block4' | 'nm24';

/** What the packer counted in a mask (word operations over its bits, 32 columns at a time). */
export interface MaskStats {
  readonly rows: number;
  readonly cols: number;
  readonly kept: number;
  /** Non-empty blocks of 4 consecutive outputs × 1 input. */
  readonly blocks4: number;
  /** The most entries kept in one aligned group of 4 consecutive inputs of a row (≤ 2 means 2:4 packs it). */
  readonly worstGroup: number;
}

/**
 * Throughputs in stored multiply-adds per nanosecond on the machine the defaults were measured on (AMD EPYC
 * Zen 3, 2 vCPUs, AVX2, both threads), for batches of a vector (16) or more, and what each stored entry of the
 * compressed layouts costs besides; `bench kernel` prints the crossovers they imply.
 */
export interface FormatRates {
  readonly dense: number;
  readonly csr: number;
  readonly block4: number;
  readonly nm24: number;
  /** Transposed product dx = dy·W_eff through the CSC. */
  readonly csc: number;
  /** Sampled weight gradient, per kept entry and batch row. */
  readonly sddmm: number;
  /**
   * Nanoseconds per stored entry of the sparse products (CSR, 2:4's slots, CSC, SDDMM; once per 4×1 block) besides
   * its batch's multiply-adds: its index, its weight's broadcast, the start of a row of x. It is why a batch of 32
   * runs at about half the rate per multiply-add of a batch of 128.
   */
  readonly entry: number;
  /** Elements per nanosecond moved by the transposes around a sparse product. */
  readonly transpose: number;
  /**
   * Whether the sparse products transpose their activations in and out (batch-major; the default) or find them
   * feature-major already (the `…FeatureMajor` ops).
   */
  readonly sparseTransposes?: boolean;
  /** Fixed cost of one sparse call (crossing into the addon, one fork-join), in nanoseconds. */
  readonly overhead: number;
  /** Mask bits per nanosecond turned into a sparse layout's structure (when the mask has changed). */
  readonly pack: number;
  /** Stored entries per nanosecond gathered into a sparse layout (when the values have changed). */
  readonly gather: number;
  /** Elements per nanosecond of W ⊙ M for the dense ops (when values or mask have changed and the mask is not full). */
  readonly maskApply: number;
}

/**
 * What a layer's layouts need before the next op can use them: a layout is `packed` for the current mask and
 * `current` once it holds the current values; `maskServed` and `valuesServed` count the ops the current mask and
 * the current values have served so far. Training changes the values every step, and mask learning the mask: a
 * layout that is faster per product can cost more per step then (a 300×784 layer at 75 % density took 1.1–1.6 ms
 * to re-pack as CSR or 4×1 blocks, its dense product 0.4 ms).
 */
export interface LayoutState {
  readonly packed: boolean;
  readonly current: boolean;
  readonly maskServed: number;
  readonly valuesServed: number;
}
export type Upkeep = (format: WeightFormat | 'csc') => LayoutState;

/** Every layout ready: the steady state of inference, and what the benchmarks time. */
export const READY: Upkeep = () => ({ packed: true, current: true, maskServed: Infinity, valuesServed: Infinity });

/** Steady training: every layout packed for the mask, the values changed since the last op (gathered again). */
export const TRAINING: Upkeep = () => ({ packed: true, current: false, maskServed: Infinity, valuesServed: 0 });

// Fit to `pnpm bench kernel`'s grid (2 threads; weights 256², 512², 1024², 300×784, 100×300 × batch 32, 128, 512 ×
// random masks at sparsity 0–99 %), each cell's fastest of three runs: dense as the median of O·I·batch ÷ its time;
// entry and csr by least squares of (time − fixed) ÷ kept on the batch over the cells from 70 % sparsity; block4 as
// the median over the cells it ran in up to 50 % sparsity at batch 128 and 512, given entry per block; csc and
// sddmm from the backward table (512×512, batch 128, 70–95 % sparsity) given entry; nm24 from the 2:4 case. Scored on those fastest times, the forward choice runs
// within 10 % of the faster of dense and CSR in 70 of the 75 sparse cells (the rates before: 67); on the fastest of
// five runs, 68 and 68. What the refit changed is the backward choices and batch 32, where the old rates chose CSR
// at 70 % sparsity and SDDMM there, both measured slower. sddmm was fitted again the same way after the SDDMM came to
// compute each entry over the whole batch in one piece (15.5 before): it now wins from 70 % sparsity. pack, gather and maskApply from timing PackedWeights
// on 100×300 to 512×512 layers at densities 0.1–1, on the earlier machine (Zen 4, AVX-512).
export const MEASURED_RATES: FormatRates = {
  dense: 74, csr: 50, block4: 84, nm24: 25, csc: 70, sddmm: 38, entry: 2.45, transpose: 8, overhead: 1000,
  pack: 0.2, gather: 1, maskApply: 20,
};

/**
 * The same model for activations kept feature-major (the `…FeatureMajor` ops): the sparse products read and write
 * them in place, so the transposes around them cost nothing; every other rate stands as measured.
 */
export const FEATURE_MAJOR_RATES: FormatRates = featureMajorRates(MEASURED_RATES);

/** `rates` for the feature-major ops, which have no transposes around their sparse products. */
function featureMajorRates(rates: FormatRates): FormatRates {
  return { ...rates, sparseTransposes: false };
}

/** Below one vector of batch (16 lanes), lanes go idle: the batch is the vector dimension of every sparse product. */
function batchEfficiency(batch: number): number {
  return Math.min(1, Math.max(batch, 1) / 16);
}

/** What every sparse call costs besides its multiply-adds: the call itself and the transposes of x and y. */
function sparseFixed(stats: MaskStats, batch: number, rates: FormatRates): number {
  if (rates.sparseTransposes === false) return rates.overhead;
  return rates.overhead + batch * (stats.cols + stats.rows) / rates.transpose;
}

/** Entries 2:4 packing stores: two slots per group of 4 inputs in every row. */
function nm24Stored(stats: MaskStats): number {
  return stats.rows * 2 * Math.ceil(stats.cols / 4);
}

/** Turning the mask into a sparse layout's structure, spread over the ops the mask has served. */
function packingCost(size: number, maskServed: number, rates: FormatRates): number {
  return size / rates.pack / Math.max(1, maskServed);
}

/**
 * Nanoseconds to bring a layout up to date: W ⊙ M for dense, structure and values for a sparse one. Each is spread
 * over as many ops as the mask (for packing) or the values (for gathering) have served so far, at least one: the
 * rent-or-buy rule. A mask that changes every step (mask learning) never pays for a packed layout, and values that
 * change every step (training) pay their gather on every step; a layout whose mask and values stay (sparse
 * training between mask updates, evaluation) is taken up after a few ops.
 */
function upkeepCost(format: WeightFormat | 'csc', stored: number, stats: MaskStats, upkeep: Upkeep, rates: FormatRates): number {
  const { packed, current, maskServed, valuesServed } = upkeep(format);
  // A layout holding the current values is packed too; so is dense under a full mask, whose ops read W itself.
  if (current) return 0;
  const size = stats.rows * stats.cols;
  const refresh = (format === 'dense' ? size / rates.maskApply : stored / rates.gather) / Math.max(1, valuesServed);
  return (packed ? 0 : packingCost(size, maskServed, rates)) + refresh;
}

/**
 * Estimated nanoseconds of the forward product in each format (Infinity where the format cannot hold the mask),
 * with what each layout needs first.
 */
export function forwardCosts(stats: MaskStats, batch: number, rates: FormatRates = MEASURED_RATES,
  upkeep: Upkeep = READY): Record<WeightFormat, number> {
  const { rows: O, cols: I } = stats;
  const fixed = sparseFixed(stats, batch, rates);
  const e = batchEfficiency(batch);
  const stored = storedProducts(stats);
  const compute: Record<WeightFormat, number> = {
    dense: batch * O * I / rates.dense,
    csr: fixed + stored.csr * (rates.entry + batch / (rates.csr * e)),
    block4: fixed + stats.blocks4 * (rates.entry + 4 * batch / (rates.block4 * e)),
    nm24: holds('nm24', stats) ? fixed + stored.nm24 * (rates.entry + batch / (rates.nm24 * e)) : Infinity,
  };
  const costs = {} as Record<WeightFormat, number>;
  for (const format of Object.keys(compute) as WeightFormat[]) {
    costs[format] = compute[format] + upkeepCost(format, stored[format], stats, upkeep, rates);
  }
  return costs;
}

/** The multiply-adds each layout holds per batch row. */
function storedProducts(stats: MaskStats): Record<WeightFormat, number> {
  return { dense: stats.rows * stats.cols, csr: stats.kept, block4: 4 * stats.blocks4, nm24: nm24Stored(stats) };
}

/** Whether `format` can hold the mask: 2:4 only where no group of four inputs keeps more than two. */
function holds(format: WeightFormat, stats: MaskStats): boolean {
  return format !== 'nm24' || stats.worstGroup <= 2;
}

/**
 * Whether a sparse layout holding `products` multiply-adds per batch row computes every product the dense GEMM
 * does: then the choices never take it, since the GEMM reuses each load of x over a block of rows where a sparse
 * layout reloads it per entry. The rates, fitted on sparse cells, said otherwise for 4×1 blocks at full density:
 * they took the encoder's dense FFN forwards (1024×256 at 2 048 tokens: 8.2–8.9 ms against the GEMM's 6.1–6.5).
 */
function storesEveryProduct(products: number, stats: MaskStats): boolean {
  return products >= stats.rows * stats.cols;
}

/**
 * A lower bound of every sparse layout's forward cost from the kept count alone: 4×1 blocks store at least
 * kept/4 blocks, 2:4's cost does not depend on the mask (it may not hold it, which only raises its cost), and
 * every layout stores at least the kept entries.
 */
function sparseLowerBound(stats: MaskStats, batch: number, rates: FormatRates, upkeep: Upkeep): number {
  const { kept } = stats;
  const fixed = sparseFixed(stats, batch, rates);
  const e = batchEfficiency(batch);
  const fastest = Math.max(rates.csr, rates.block4);
  const compute = Math.min(batch * kept / (fastest * e), batch * nm24Stored(stats) / (rates.nm24 * e));
  const ready = Math.min(...(['csr', 'block4', 'nm24'] as const).map((format) => upkeepCost(format, kept, stats, upkeep, rates)));
  return fixed + compute + ready;
}

/** 16-bit indices hold the sparse layouts; wider layers stay dense. */
export function sparseFits(stats: MaskStats): boolean {
  return stats.rows <= 65536 && stats.cols <= 65536;
}

/** The cheapest forward layout, or `preferred` where it can hold the mask. */
export function chooseForward(stats: MaskStats, batch: number, preferred: WeightFormat | null = null,
  rates: FormatRates = MEASURED_RATES, upkeep: Upkeep = READY): WeightFormat {
  if (!sparseFits(stats) || stats.rows * stats.cols === 0) return 'dense';
  // Dense wins ties, so when no sparse layout can beat it even at its best case the block and group counts
  // (a pass over the mask's bits) are never needed.
  const dense = batch * stats.rows * stats.cols / rates.dense + upkeepCost('dense', 0, stats, upkeep, rates);
  if (!preferred && sparseLowerBound(stats, batch, rates, upkeep) >= dense) return 'dense';
  if (preferred && holds(preferred, stats)) return preferred;
  return cheapestForward(forwardCosts(stats, batch, rates, upkeep), stats);
}

/** The cheapest of the forward `costs` that does not hold every product (dense on a tie). */
function cheapestForward(costs: Record<WeightFormat, number>, stats: MaskStats): WeightFormat {
  const stored = storedProducts(stats);
  return (Object.keys(costs) as WeightFormat[]).reduce((best, f) =>
    (costs[f] < costs[best] && !storesEveryProduct(stored[f], stats) ? f : best), 'dense');
}

/** Estimated nanoseconds of dx = dy·W_eff by the dense GEMM and by the CSC product. */
function backwardCosts(stats: MaskStats, batch: number, rates: FormatRates, upkeep: Upkeep): { dense: number; csc: number } {
  const { rows: O, cols: I } = stats;
  return {
    dense: batch * O * I / rates.dense + upkeepCost('dense', 0, stats, upkeep, rates),
    csc: sparseFixed(stats, batch, rates) + stats.kept * (rates.entry + batch / (rates.csc * batchEfficiency(batch))) +
      upkeepCost('csc', stats.kept, stats, upkeep, rates),
  };
}

/** dx = dy·W_eff: dense GEMM or the CSC product. */
export function chooseBackward(stats: MaskStats, batch: number, rates: FormatRates = MEASURED_RATES,
  upkeep: Upkeep = READY): 'dense' | 'csc' {
  if (!sparseFits(stats) || stats.rows * stats.cols === 0) return 'dense';
  return cheaperBackward(backwardCosts(stats, batch, rates, upkeep), stats);
}

/** The cheaper of the backward `costs`, dense where CSC would hold every product (or on a tie). */
function cheaperBackward(costs: { dense: number; csc: number }, stats: MaskStats): 'dense' | 'csc' {
  return costs.csc < costs.dense && !storesEveryProduct(stats.kept, stats) ? 'csc' : 'dense';
}

/** Estimated nanoseconds of dW += (dyᵀ·x) ⊙ M by a dense GEMM and masked add, and by the SDDMM. */
function weightGradCosts(stats: MaskStats, batch: number, rates: FormatRates, upkeep: Upkeep): { dense: number; sddmm: number } {
  const { rows: O, cols: I } = stats;
  const { packed, maskServed } = upkeep('csr');
  const structure = packed ? 0 : packingCost(O * I, maskServed, rates);
  return {
    dense: batch * O * I / rates.dense + O * I / rates.transpose,
    sddmm: sparseFixed(stats, batch, rates) + stats.kept * (rates.entry + batch / (rates.sddmm * batchEfficiency(batch))) + structure,
  };
}

/** dW += (dyᵀ·x) ⊙ M: a dense GEMM then a masked add, or dot products at the kept entries (CSR's structure). */
export function chooseWeightGrad(stats: MaskStats, batch: number, rates: FormatRates = MEASURED_RATES,
  upkeep: Upkeep = READY): 'dense' | 'sddmm' {
  if (!sparseFits(stats) || stats.rows * stats.cols === 0) return 'dense';
  const costs = weightGradCosts(stats, batch, rates, upkeep);
  return costs.sddmm < costs.dense ? 'sddmm' : 'dense';
}

/** One masked layer of a chain, as the activation-layout choice sees it. */
export interface ChainLayer {
  readonly stats: MaskStats;
  readonly upkeep: Upkeep;
}

/**
 * Estimated nanoseconds of a training step's products over a chain of masked layers in one activation layout:
 * each layer's forward, weight gradient and (past the first layer) input gradient, each at the layout chosen.
 * Feature-major adds the transposes at the chain's ends: its input in, its output out and that output's gradient
 * back in.
 */
export function chainCost(layers: readonly ChainLayer[], batch: number, inputs: number, layout: ActivationLayout,
  rates: FormatRates = MEASURED_RATES): number {
  const inLayout = layout === 'feature-major' ? featureMajorRates(rates) : rates;
  let total = 0;
  layers.forEach(({ stats, upkeep }, index) => {
    if (!sparseFits(stats) || stats.rows * stats.cols === 0) {
      total += 3 * batch * stats.rows * stats.cols / rates.dense;
      return;
    }
    const forward = forwardCosts(stats, batch, inLayout, upkeep);
    total += forward[cheapestForward(forward, stats)] + Math.min(...Object.values(weightGradCosts(stats, batch, inLayout, upkeep)));
    if (index > 0) {
      const backward = backwardCosts(stats, batch, inLayout, upkeep);
      total += backward[cheaperBackward(backward, stats)];
    }
  });
  if (layout === 'batch-major' || layers.length === 0) return total;
  return total + batch * (inputs + 2 * layers[layers.length - 1].stats.rows) / rates.transpose;
}

/** The cheaper activation layout for a chain of masked layers (batch-major on a tie: no transposes to add). */
export function chooseActivationLayout(layers: readonly ChainLayer[], batch: number, inputs: number,
  rates: FormatRates = MEASURED_RATES): ActivationLayout {
  const featureMajor = chainCost(layers, batch, inputs, 'feature-major', rates);
  return featureMajor < chainCost(layers, batch, inputs, 'batch-major', rates) ? 'feature-major' : 'batch-major';
}
