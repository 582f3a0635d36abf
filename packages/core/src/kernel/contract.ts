// The Kernel contract: every operation the layers need, its shapes and its exact semantics. Backends only compute.
import type { MaskedParameter } from '../mask/masked-parameter.js';
import type { Tensor } from '../tensor/tensor.js';

/** SGD's constants; the learning rate is passed per step (the lr schedule scales it). */
export interface SgdHyperparameters {
  readonly momentum: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
}

/** Adam's constants; `decoupled` is AdamW (Loshchilov & Hutter 2019): decay shrinks w instead of joining g. */
export interface AdamHyperparameters {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;
  readonly decoupled: boolean;
}

/** Adam's per-entry state: first and second moments and the step count (whole numbers, exact in float32 to 2²⁴). */
export interface AdamState {
  readonly m: Float32Array;
  readonly v: Float32Array;
  readonly t: Float32Array;
}

/**
 * One implementation of Ontogeny's numeric operations. The reference kernel (plain TypeScript loops) defines
 * the semantics; faster backends must agree with it (tests/kernel runs one property suite against each).
 *
 * Shapes: B = batch rows, I = inputs (weight columns), O = outputs (weight rows). Weights are row-major
 * (O × I). "W_eff" is W ⊙ M. Operations named "…Grad" accumulate (`+=`) into their output; the others
 * assign every entry of theirs.
 */
export interface Kernel {
  readonly name: string;
  /** One line for `ontogeny plugins` and the run log: what this backend is and how it computes. */
  readonly description: string;

  /**
   * General matrix product C(M×N) ← α · op(A) · op(B) + β · C, op(X) = X or Xᵀ.
   * A is M×K (K×M when `transA`), B is K×N (N×K when `transB`), all row-major. β = 0 ignores C's contents.
   */
  gemm(transA: boolean, transB: boolean, M: number, N: number, K: number,
    alpha: number, a: Float32Array, b: Float32Array, beta: number, c: Float32Array): void;

  /** y(B×O) ← x(B×I) · W_effᵀ + bias (bias may be null). */
  maskedForward(x: Tensor, w: MaskedParameter, bias: Float32Array | null, y: Tensor): void;

  /** dx(B×I) ← dy(B×O) · W_eff: the gradient with respect to the layer's input. */
  maskedBackwardInput(dy: Tensor, w: MaskedParameter, dx: Tensor): void;

  /** dW(O×I) += (dyᵀ · x) ⊙ M: the weight gradient sampled at kept connections; entries off the mask stay exactly 0. */
  maskedWeightGrad(dy: Tensor, x: Tensor, w: MaskedParameter, dW: Float32Array): void;

  /** dS(O×I) += (dyᵀ · x) ⊙ W: the straight-through score gradient dL/dS = dL/dW_eff ⊙ W, dense. */
  scoreGrad(dy: Tensor, x: Tensor, w: MaskedParameter, dS: Float32Array): void;

  // Optional element-wise operations. They run every training step over every parameter entry, where a
  // JavaScript loop costs 2.5–5 ns an entry; callers use `elementwiseOps(kernel)`, which falls back to the
  // reference definitions (kernel/reference/elementwise.ts) for a kernel without them. Arrays are updated in
  // place. Backends must give the reference's float32 results bit for bit (its arithmetic is float64 with a
  // float32 store per array element): these ops carry a lifespan's state from step to step, and a rounding
  // difference here would compound where one in a product does not.

  /**
   * One SGD step (torch.optim.SGD with dampening 0): g = grad + λ·w; with `velocity`, b ← μ·b + g and the step
   * is g + μ·b (Nesterov) or b; without, the step is g; then w ← w − lr·step.
   */
  sgdStep?(values: Float32Array, grad: Float32Array, velocity: Float32Array | null, lr: number, h: SgdHyperparameters): void;

  /**
   * One Adam step with a step count t per entry (so an entry whose state was reset has its own bias correction):
   * g = grad + λ·w unless decoupled; t ← t + 1; m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
   * w ← w·(1 − lr·λ if decoupled, else 1) − lr · (m / (1−β1ᵗ)) / (√(v / (1−β2ᵗ)) + ε).
   */
  adamStep?(values: Float32Array, grad: Float32Array, state: AdamState, lr: number, h: AdamHyperparameters): void;

  /** y ← max(x, 0), with y = 0 where x is NaN. */
  relu?(x: Float32Array, y: Float32Array): void;

  /** dx ← dy where y > 0, else 0 (y is ReLU's output). */
  reluBackward?(y: Float32Array, dy: Float32Array, dx: Float32Array): void;

  /** out[j] += m[r, j] for r = 0 … rows − 1 in order, rounding to float32 after each add (a bias gradient). */
  addColumnSums?(m: Float32Array, rows: number, cols: number, out: Float32Array): void;

  /** Bit i of `words` (⌈n/32⌉ words; word i >>> 5, bit i & 31) ← values[i] > threshold; bits past n become 0. */
  thresholdBits?(values: Float32Array, threshold: number, words: Uint32Array): void;

  /**
   * Optional: the layout each layer's ops used since the previous call (then the record starts afresh), keyed
   * `<parameter> <op> B<batch>`, e.g. `{ "fc1.weight forward B128": "csr (300×784, density 0.100)" }`. The runner
   * puts it in each phase's `phase:end` event and so in summary.json; it must depend only on the work done
   * (no timings), so that same-seed runs keep byte-identical summaries.
   */
  formatReport?(): Readonly<Record<string, string>>;
}
