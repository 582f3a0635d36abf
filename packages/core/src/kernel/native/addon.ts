// Loads the compiled native kernel (packages/core/native) and describes its functions; no computing here.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The instruction sets the addon carries; `configure` falls back to the best one the CPU supports. */
export type NativeIsa = 'avx512' | 'avx2' | 'portable';

/** The addon's state after `configure`. */
export interface NativeConfiguration {
  readonly isa: NativeIsa;
  readonly lanes: number;
  readonly threads: number;
  /** Ops with fewer multiply-adds than this stay on the calling thread. */
  readonly minParallelWork: number;
}

/**
 * What the pool has timed of one split op at one size class: its smoothed time on the pool and on the calling thread
 * alone, and which it uses now. Timings of this machine at this moment, never part of a run's results.
 */
export interface SplitRecord {
  readonly op: string;
  /** The size class's lower bound, in multiply-add equivalents (a power of two). */
  readonly work: number;
  readonly splitMicros: number;
  readonly singleMicros: number;
  readonly splitRuns: number;
  readonly singleRuns: number;
  readonly split: boolean;
}

/** The sparse layouts the addon packs and multiplies by (`csc` only packs: W's CSC is Wᵀ's CSR). */
export type SparseLayout = 'csr' | 'block4' | 'nm24' | 'csc';
const SPARSE_LAYOUTS: readonly SparseLayout[] = ['csr', 'block4', 'nm24', 'csc'];

/**
 * The functions of `ontogeny_kernel.node`. Typed arrays are read and written in place (no copies); every
 * length is checked on the C++ side, which throws a TypeError rather than touch memory outside an array.
 */
export interface NativeAddon {
  configure(isa?: NativeIsa | null, threads?: number | null, minParallelWork?: number | null,
    adaptiveSplits?: boolean | null): NativeConfiguration;
  /** Each sparse layout's code, the `format` argument of `pack` and the sparse products (defined in C++ only). */
  readonly formatCodes: Readonly<Record<SparseLayout, number>>;
  /** The split ops' timings so far, per op and size class (see `NativeKernel.splitReport`). */
  splitReport(): SplitRecord[];
  gemm(transA: boolean, transB: boolean, M: number, N: number, K: number, alpha: number,
    a: Float32Array, b: Float32Array, beta: number, c: Float32Array): void;
  denseForward(B: number, I: number, O: number, x: Float32Array, weff: Float32Array,
    bias: Float32Array | null, y: Float32Array): void;
  /** y ← x·Wᵀ (+ bias) for a sparse layout; with W's CSC as the CSR of Wᵀ it is the backward product dx = dy·W too. */
  sparseProduct(format: number, O: number, I: number, B: number, x: Float32Array, ptr: Int32Array | null,
    index: Uint16Array | Uint8Array, values: Float32Array, bias: Float32Array | null, y: Float32Array,
    xT: Float32Array, yT: Float32Array): void;
  /** out(cols×rows) ← a(rows×cols)ᵀ. */
  transpose(rows: number, cols: number, a: Float32Array, out: Float32Array): void;
  /** sparseForward on feature-major activations: xT (I×B) in, yT (O×B) out, no transposes and no scratch. */
  sparseForwardFeatureMajor(format: number, O: number, I: number, B: number, xT: Float32Array, ptr: Int32Array | null,
    index: Uint16Array | Uint8Array, values: Float32Array, bias: Float32Array | null, yT: Float32Array): void;
  /** sddmm on feature-major activations dyT (O×B) and xT (I×B), read in place. */
  sddmmFeatureMajor(O: number, I: number, B: number, dyT: Float32Array, xT: Float32Array, ptr: Int32Array,
    col: Uint16Array, dW: Float32Array): void;
  /** dW(O×I) += (dyᵀ·x) at the kept entries of a CSR structure; dyT and xT are scratch of O·nb and I·nb floats. */
  sddmm(O: number, I: number, B: number, dy: Float32Array, x: Float32Array, ptr: Int32Array, col: Uint16Array,
    dW: Float32Array, dyT: Float32Array, xT: Float32Array): void;
  maskApply(n: number, values: Float32Array, words: Uint32Array, out: Float32Array): void;
  maskedAdd(n: number, src: Float32Array, words: Uint32Array, dst: Float32Array): void;
  mulAdd(n: number, a: Float32Array, b: Float32Array, dst: Float32Array): void;
  sgdStep(n: number, values: Float32Array, grad: Float32Array, velocity: Float32Array | null, lr: number,
    momentum: number, nesterov: boolean, weightDecay: number): void;
  /** sgdStep at `indices` (k of them) alone, over arrays of n entries. */
  sgdStepAt(k: number, indices: Int32Array, n: number, values: Float32Array, grad: Float32Array,
    velocity: Float32Array | null, lr: number, momentum: number, nesterov: boolean, weightDecay: number): void;
  adamStep(n: number, values: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, t: Float32Array,
    lr: number, beta1: number, beta2: number, epsilon: number, weightDecay: number, decoupled: boolean): void;
  rmspropStep(n: number, values: Float32Array, grad: Float32Array, square: Float32Array, velocity: Float32Array, lr: number,
    alpha: number, epsilon: number, momentum: number, weightDecay: number): void;
  relu(n: number, x: Float32Array, y: Float32Array): void;
  reluBackward(n: number, y: Float32Array, dy: Float32Array, dx: Float32Array): void;
  thresholdBits(n: number, values: Float32Array, threshold: number, words: Uint32Array): void;
  columnSums(rows: number, cols: number, m: Float32Array, out: Float32Array): void;
  rowSums(rows: number, cols: number, m: Float32Array, out: Float32Array): void;
  analyze(words: Uint32Array, rows: number, cols: number, counts: Int32Array): void;
  pack(format: number, words: Uint32Array, rows: number, cols: number, ptr: Int32Array | null,
    index: Uint16Array | Uint8Array, perm: Int32Array): void;
  gather(n: number, values: Float32Array, perm: Int32Array, out: Float32Array): void;
  layerNorm(N: number, D: number, x: Float32Array, gain: Float32Array, shift: Float32Array, epsilon: number,
    y: Float32Array, xhat: Float32Array, inverseStd: Float32Array): void;
  layerNormBackward(N: number, D: number, dy: Float32Array, xhat: Float32Array, inverseStd: Float32Array,
    gain: Float32Array, dx: Float32Array | null, dGain: Float32Array | null, dShift: Float32Array | null): void;
  gelu(n: number, x: Float32Array, y: Float32Array): void;
  geluBackward(n: number, x: Float32Array, dy: Float32Array, dx: Float32Array): void;
  attention(B: number, T: number, H: number, D: number, scale: number, q: Float32Array, k: Float32Array,
    v: Float32Array, keyValid: Uint8Array | null, gates: Float32Array, probabilities: Float32Array,
    context: Float32Array, merged: Float32Array): void;
  attentionBackward(B: number, T: number, H: number, D: number, scale: number, dMerged: Float32Array,
    q: Float32Array, k: Float32Array, v: Float32Array, probabilities: Float32Array, context: Float32Array,
    gates: Float32Array, dq: Float32Array, dk: Float32Array, dv: Float32Array, headDots: Float64Array): void;
  embeddingGather(N: number, D: number, V: number, ids: Float32Array, table: Float32Array, out: Float32Array): void;
  embeddingScatterAdd(N: number, D: number, V: number, ids: Float32Array, dy: Float32Array, grad: Float32Array): void;
  /** Writes [lossSum, correct, counted] into `sums`. */
  softmaxCrossEntropy(B: number, C: number, logits: Float32Array, labels: Int32Array, dLogits: Float32Array, sums: Float64Array): void;
  add(n: number, a: Float32Array, b: Float32Array, out: Float32Array): void;
}

/** Where node-gyp puts the addon: src/kernel/native and dist/kernel/native both sit three levels below the package. */
export const ADDON_PATH = fileURLToPath(new URL('../../../native/build/Release/ontogeny_kernel.node', import.meta.url));

let cached: NativeAddon | { unavailable: string } | null = null;

/** The addon, loaded once, or why it cannot be. */
export function loadAddon(): NativeAddon | { unavailable: string } {
  if (cached) return cached;
  if (!existsSync(ADDON_PATH)) {
    cached = { unavailable: 'native kernel not built: run `pnpm rebuild @ontogeny/core`, or use `--kernel reference`' };
    return cached;
  }
  try {
    const addon = createRequire(import.meta.url)(ADDON_PATH) as NativeAddon;
    const wrongCodes = layoutCodeProblem(addon.formatCodes);
    cached = wrongCodes
      ? { unavailable: `native kernel at ${ADDON_PATH} ${wrongCodes}: rebuild with \`pnpm rebuild @ontogeny/core\`` }
      : addon;
  } catch (error) {
    cached = { unavailable: `native kernel failed to load (${(error as Error).message}): rebuild with \`pnpm rebuild @ontogeny/core\`` };
  }
  return cached;
}

/** What is wrong with an addon's layout codes (an addon built from other sources), or null when each layout has its own. */
function layoutCodeProblem(codes: Partial<Record<SparseLayout, unknown>> | undefined): string | null {
  if (!codes) return 'exports no sparse layout codes (formatCodes)';
  const missing = SPARSE_LAYOUTS.filter((layout) => !Number.isInteger(codes[layout]));
  if (missing.length > 0) return `has no integer code for the sparse layouts ${missing.join(', ')}`;
  const distinct = new Set(SPARSE_LAYOUTS.map((layout) => codes[layout]));
  return distinct.size < SPARSE_LAYOUTS.length ? `gives two sparse layouts one code (${JSON.stringify(codes)})` : null;
}
