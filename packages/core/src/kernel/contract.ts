// The Kernel contract: every operation the layers need, its shapes and its exact semantics. Backends only compute.
import type { MaskedParameter } from '../mask/masked-parameter.js';
import type { Tensor } from '../tensor/tensor.js';

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

  /**
   * Optional: the layout each layer's ops used since the previous call (then the record starts afresh), keyed
   * `<parameter> <op> B<batch>`, e.g. `{ "fc1.weight forward B128": "csr (300×784, density 0.100)" }`. The runner
   * puts it in each phase's `phase:end` event and so in summary.json; it must depend only on the work done
   * (no timings), so that same-seed runs keep byte-identical summaries.
   */
  formatReport?(): Readonly<Record<string, string>>;
}
