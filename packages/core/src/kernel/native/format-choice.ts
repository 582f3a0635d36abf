// Which weight layout each native op uses for a layer: a cost model whose rates were measured by `pnpm bench kernel`.
// B = batch, I = inputs, O = outputs

/** The layouts of W_eff the native kernel computes with. */
export type WeightFormat = 'dense' | 'csr' | 'block4' | 'nm24';

/** What the packer counted in a mask (one pass over its bits). */
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
 * Zen 4, 2 vCPUs, AVX-512, both threads), for batch ≥ 64; `bench kernel` prints the crossovers they imply.
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
  /** Elements per nanosecond moved by the transposes around a sparse product. */
  readonly transpose: number;
  /** Fixed cost of one sparse call (crossing into the addon, three fork-joins), in nanoseconds. */
  readonly overhead: number;
}

export const MEASURED_RATES: FormatRates = {
  dense: 50, csr: 20, block4: 50, nm24: 20, csc: 20, sddmm: 15, transpose: 4, overhead: 4000,
};

/** Vectors run narrower for small batches: the batch is the vector dimension of every sparse product. */
function batchEfficiency(batch: number): number {
  return Math.min(1, Math.max(batch, 1) / 64);
}

/** Estimated nanoseconds of the forward product in each format (Infinity where the format cannot hold the mask). */
export function forwardCosts(stats: MaskStats, batch: number, rates: FormatRates = MEASURED_RATES): Record<WeightFormat, number> {
  const { rows: O, cols: I } = stats;
  const sparseFixed = rates.overhead + batch * (I + O) / rates.transpose;
  const e = batchEfficiency(batch);
  const slots = 2 * Math.ceil(I / 4);
  return {
    dense: batch * O * I / rates.dense,
    csr: sparseFixed + batch * stats.kept / (rates.csr * e),
    block4: sparseFixed + batch * 4 * stats.blocks4 / (rates.block4 * e),
    nm24: stats.worstGroup <= 2 ? sparseFixed + batch * O * slots / (rates.nm24 * e) : Infinity,
  };
}

/**
 * A lower bound of every sparse layout's forward cost from the kept count alone: 4×1 blocks store at least
 * kept/4 blocks, and 2:4's cost does not depend on the mask (it may not hold it, which only raises its cost).
 */
function sparseLowerBound(stats: Pick<MaskStats, 'rows' | 'cols' | 'kept'>, batch: number, rates: FormatRates): number {
  const { rows: O, cols: I, kept } = stats;
  const fixed = rates.overhead + batch * (I + O) / rates.transpose;
  const e = batchEfficiency(batch);
  const fastest = Math.max(rates.csr, rates.block4);
  return fixed + Math.min(batch * kept / (fastest * e), batch * O * 2 * Math.ceil(I / 4) / (rates.nm24 * e));
}

/** 16-bit indices hold the sparse layouts; wider layers stay dense. */
export function sparseFits(stats: MaskStats): boolean {
  return stats.rows <= 65536 && stats.cols <= 65536;
}

/** The cheapest forward layout, or `preferred` where it can hold the mask. */
export function chooseForward(stats: MaskStats, batch: number, preferred: WeightFormat | null = null,
  rates: FormatRates = MEASURED_RATES): WeightFormat {
  if (!sparseFits(stats) || stats.rows * stats.cols === 0) return 'dense';
  // Dense wins ties, so when no sparse layout can beat it even at its best case the block and group counts
  // (a pass over the mask's bits) are never needed.
  if (!preferred && sparseLowerBound(stats, batch, rates) >= batch * stats.rows * stats.cols / rates.dense) return 'dense';
  const costs = forwardCosts(stats, batch, rates);
  if (preferred && Number.isFinite(costs[preferred])) return preferred;
  return (Object.keys(costs) as WeightFormat[]).reduce((best, f) => (costs[f] < costs[best] ? f : best), 'dense');
}

/** dx = dy·W_eff: dense GEMM or the CSC product. */
export function chooseBackward(stats: MaskStats, batch: number, rates: FormatRates = MEASURED_RATES): 'dense' | 'csc' {
  if (!sparseFits(stats) || stats.rows * stats.cols === 0) return 'dense';
  const { rows: O, cols: I } = stats;
  const csc = rates.overhead + batch * (I + O) / rates.transpose + batch * stats.kept / (rates.csc * batchEfficiency(batch));
  return csc < batch * O * I / rates.dense ? 'csc' : 'dense';
}

/** dW += (dyᵀ·x) ⊙ M: a dense GEMM then a masked add, or dot products at the kept entries only. */
export function chooseWeightGrad(stats: MaskStats, batch: number, rates: FormatRates = MEASURED_RATES): 'dense' | 'sddmm' {
  if (!sparseFits(stats) || stats.rows * stats.cols === 0) return 'dense';
  const { rows: O, cols: I } = stats;
  const sddmm = rates.overhead + batch * (I + O) / rates.transpose + batch * stats.kept / (rates.sddmm * batchEfficiency(batch));
  return sddmm < batch * O * I / rates.dense + O * I / rates.transpose ? 'sddmm' : 'dense';
}
