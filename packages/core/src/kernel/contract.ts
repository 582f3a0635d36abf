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

/** RMSprop's constants (torch.optim.RMSprop, not centred). */
export interface RmspropHyperparameters {
  readonly alpha: number;
  readonly epsilon: number;
  readonly momentum: number;
  readonly weightDecay: number;
}

/** Adam's per-entry state: first and second moments and the step count (whole numbers, exact in float32 to 2²⁴). */
export interface AdamState {
  readonly m: Float32Array;
  readonly v: Float32Array;
  readonly t: Float32Array;
}

/** The shape of an attention call: B sequences of T tokens, width D split into H heads of E = D/H, scores × scale. */
export interface AttentionShape {
  readonly batch: number;
  readonly length: number;
  readonly heads: number;
  readonly width: number;
  readonly scale: number;
}

/** What `softmaxCrossEntropy` sums over a batch's rows. */
export interface CrossEntropySums {
  /** −log softmax(row)[label], summed in float64 over the counted rows in row order. */
  readonly lossSum: number;
  /** Counted rows whose first largest logit is the label's. */
  readonly correct: number;
  /** Rows with a label (≥ 0). */
  readonly counted: number;
}

/** How activations are stored: one row per example (B×features), or one row per feature (features×B). */
export type ActivationLayout = 'batch-major' | 'feature-major';

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

  // Element-wise operations. They run every training step over every parameter entry, where a JavaScript loop
  // costs 2.5–5 ns an entry. Arrays are updated in place. Backends must give the reference's float32 results bit for
  // bit (its arithmetic is float64 with a float32 store per array element): these ops carry a lifespan's state from
  // step to step, and a rounding difference here would compound where one in a product does not.

  /**
   * One SGD step (torch.optim.SGD with dampening 0): g = grad + λ·w; with `velocity`, b ← μ·b + g and the step
   * is g + μ·b (Nesterov) or b; without, the step is g; then w ← w − lr·step.
   */
  sgdStep(values: Float32Array, grad: Float32Array, velocity: Float32Array | null, lr: number, h: SgdHyperparameters): void;

  /**
   * `sgdStep` at the distinct entries `indices` alone, each entry's bits as `sgdStep` would give them; the others
   * are not touched. The sgd optimiser steps a sparse layer's kept entries with it where the rest would not move
   * (no weight decay, no gradient and no velocity off the mask).
   */
  sgdStepAt(indices: Int32Array, values: Float32Array, grad: Float32Array, velocity: Float32Array | null, lr: number,
    h: SgdHyperparameters): void;

  /**
   * One Adam step with a step count t per entry (so an entry whose state was reset has its own bias correction):
   * g = grad + λ·w unless decoupled; t ← t + 1; m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
   * w ← w·(1 − lr·λ if decoupled, else 1) − lr · (m / (1−β1ᵗ)) / (√(v / (1−β2ᵗ)) + ε).
   */
  adamStep(values: Float32Array, grad: Float32Array, state: AdamState, lr: number, h: AdamHyperparameters): void;

  /**
   * One RMSprop step: g = grad + λ·w; square ← α·square + (1−α)·g²; u = g / (√square + ε); with momentum μ > 0,
   * velocity ← μ·velocity + u and the step is velocity, else u; then w ← w − lr·step.
   */
  rmspropStep(values: Float32Array, grad: Float32Array, square: Float32Array, velocity: Float32Array, lr: number,
    h: RmspropHyperparameters): void;

  /** y ← max(x, 0), with y = 0 where x is NaN. */
  relu(x: Float32Array, y: Float32Array): void;

  /** dx ← dy where y > 0, else 0 (y is ReLU's output). */
  reluBackward(y: Float32Array, dy: Float32Array, dx: Float32Array): void;

  /** out[j] += m[r, j] for r = 0 … rows − 1 in order, rounding to float32 after each add (a bias gradient). */
  addColumnSums(m: Float32Array, rows: number, cols: number, out: Float32Array): void;

  /**
   * out[r] += Σ_j m[r, j] (the bias gradient of feature-major activations), in float32 in this order: lane k of
   * eight adds m[r, j] for j ≡ k (mod 8) over the whole groups of eight, in order; lanes k and k + 4 are added, then
   * the results k and k + 2, then those two; the remaining entries are added one by one, and the total to out[r].
   * Eight independent sums let a SIMD kernel keep a row in vectors; the order is fixed so every kernel gives its bits.
   */
  addRowSums(m: Float32Array, rows: number, cols: number, out: Float32Array): void;

  /** Bit i of `words` (⌈n/32⌉ words; word i >>> 5, bit i & 31) ← values[i] > threshold; bits past n become 0. */
  thresholdBits(values: Float32Array, threshold: number, words: Uint32Array): void;

  // Encoder ops (layer norm, GELU, attention, embeddings, residual sums): the transformer's non-matrix work, defined by
  // kernel/reference/layer-norm.ts, gelu.ts, attention.ts, embedding.ts, residual.ts. The reference computes in float64 and
  // stores float32. Backends may sum in another order and evaluate exp and tanh in float32: each result must lie within
  // 2·γ_K of the float64 value over the sums of magnitudes involved (K the length of the sums), plus a few units of 2⁻²⁴
  // for exp and tanh (tests/kernel/encoder-ops). Embedding lookups, their scatter-adds and residual sums are exact: the
  // same bits as the reference.

  /**
   * Per row r of x (N×D): μ and σ² = mean((x − μ)²), 1/σ ← 1/√(σ² + ε) into inverseStd[r], x̂ = (x − μ)/σ into xhat,
   * y = x̂ ⊙ gain + shift.
   */
  layerNorm(x: Float32Array, rows: number, cols: number, gain: Float32Array, shift: Float32Array, epsilon: number,
    y: Float32Array, xhat: Float32Array, inverseStd: Float32Array): void;

  /**
   * With g = dy ⊙ gain per row: dx ← (1/σ)(g − mean(g) − x̂ · mean(g ⊙ x̂)); dGain += Σ_rows dy ⊙ x̂ and
   * dShift += Σ_rows dy. Each output may be null (not wanted).
   */
  layerNormBackward(dy: Float32Array, xhat: Float32Array, inverseStd: Float32Array, rows: number, cols: number,
    gain: Float32Array, dx: Float32Array | null, dGain: Float32Array | null, dShift: Float32Array | null): void;

  /** y ← ½x(1 + tanh(√(2/π)(x + 0.044715x³))), GELU's tanh form. */
  gelu(x: Float32Array, y: Float32Array): void;

  /** dx ← dy · GELU′(x), GELU′(x) = ½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²), t as in `gelu`. */
  geluBackward(x: Float32Array, dy: Float32Array, dx: Float32Array): void;

  /**
   * Self-attention of every sequence b and head h, on q, k, v of (B·T × D) whose columns hE … hE+E−1 are head h.
   * probabilities (B·H·T × T), row (b·H + h)·T + i ← softmax_j(scale · q_i · k_j) over the keys j with
   * keyValid[b·T + j] ≠ 0 (the others exactly 0; a query with no valid key attends to nothing: all 0);
   * context (B·T × D), head h's columns ← Σ_j p_ij v_j; merged ← context with head h's columns times gates[h].
   */
  attention(shape: AttentionShape, q: Float32Array, k: Float32Array, v: Float32Array, keyValid: Uint8Array | null,
    gates: Float32Array, probabilities: Float32Array, context: Float32Array, merged: Float32Array): void;

  /**
   * The backward pass of `attention` from dMerged = ∂L/∂merged: headDots[b·H + h] ← Σ context ⊙ dMerged over
   * sequence b's rows and head h's columns (∂L/∂gate_h for that sequence); with dctx = gates[h] · dMerged,
   * dP = dctx·Vᵀ, dS = P ⊙ (dP − rowsum(P ⊙ dP)): dq ← scale·dS·K, dk ← scale·dSᵀ·Q, dv ← Pᵀ·dctx (all assigned).
   */
  attentionBackward(shape: AttentionShape, dMerged: Float32Array, q: Float32Array, k: Float32Array, v: Float32Array,
    probabilities: Float32Array, context: Float32Array, gates: Float32Array, dq: Float32Array, dk: Float32Array,
    dv: Float32Array, headDots: Float64Array): void;

  /** Row i of out (N×D) ← row ids[i] of table (V×D); ids are whole numbers in [0, V) held as floats (RangeError else). */
  embeddingGather(ids: Float32Array, table: Float32Array, width: number, out: Float32Array): void;

  /** Row ids[i] of grad (V×D) += row i of dy (N×D), for i = 0, 1, … in order, each add rounded to float32. */
  embeddingScatterAdd(ids: Float32Array, dy: Float32Array, width: number, grad: Float32Array): void;

  /**
   * Softmax cross-entropy of each row of logits (B×C) against its label in [0, C) (−1: the row is ignored; RangeError
   * for a label ≥ C). In float64: per row m = its largest logit, e_c = exp(l_c − m), s = Σ e_c in column order; the
   * row's loss log s + m − l_label. dLogits(B×C) ← (e_c / s − [c = label]) / counted, rounded once to float32; an
   * ignored row's gradient is 0. Each backend has its own exp and log, and may divide by reciprocals: the loss is
   * within a few float64 ulps, dLogits within one float32 rounding of the float64 value.
   */
  softmaxCrossEntropy(logits: Float32Array, rows: number, cols: number, labels: Int32Array, dLogits: Float32Array): CrossEntropySums;

  /** out[i] ← a[i] + b[i] rounded to float32 (a residual sum; exact, the same bits on every backend). out may be a or b. */
  add(a: Float32Array, b: Float32Array, out: Float32Array): void;

  // Feature-major forms of the masked products: activations stored transposed, one row per feature with
  // the batch along it (xT is I×B, yT and dyT O×B). Between consecutive sparse layers this is the layout the
  // sparse product computes in (each kept w_oi adds w_oi·xT[i] to yT[o], contiguous over the batch), so a model
  // that keeps its activations so skips the two transposes per product. Same accuracy bounds as the batch-major ops.

  /** yT(O×B) ← W_eff · xT(I×B) + bias (bias may be null, else added to each row of yT). */
  maskedForwardFeatureMajor(xT: Tensor, w: MaskedParameter, bias: Float32Array | null, yT: Tensor): void;

  /** dxT(I×B) ← W_effᵀ · dyT(O×B). */
  maskedBackwardInputFeatureMajor(dyT: Tensor, w: MaskedParameter, dxT: Tensor): void;

  /** dW(O×I) += (dyT · xTᵀ) ⊙ M; entries off the mask stay exactly 0. */
  maskedWeightGradFeatureMajor(dyT: Tensor, xT: Tensor, w: MaskedParameter, dW: Float32Array): void;

  /** out(cols×rows) ← a(rows×cols)ᵀ, exact: the boundary between batch-major and feature-major activations. */
  transpose(a: Float32Array, rows: number, cols: number, out: Float32Array): void;

  /**
   * The activation layout a chain of masked layers (`weights` in order, first input `inputs` wide, batch `batch`)
   * should compute in: 'feature-major' where the feature-major ops plus the transposes at its ends cost less.
   * Must depend only on the weights' masks and the kernel's own state (never on timings), so a replay computes in
   * the same layout. Optional, like formatReport: it is a policy, not an op; without it, models stay batch-major.
   */
  activationLayout?(weights: readonly MaskedParameter[], batch: number, inputs: number): ActivationLayout;

  /**
   * Optional: the layout each layer's ops used since the previous call (then the record starts afresh), keyed
   * `<parameter> <op> B<batch>`, e.g. `{ "fc1.weight forward B128": "csr (300×784, density 0.100)" }`. The runner
   * puts it in each phase's `phase:end` event and so in summary.json; it must depend only on the work done
   * (no timings), so that same-seed runs keep byte-identical summaries.
   */
  formatReport?(): Readonly<Record<string, string>>;
}

/** The ops of the Kernel contract (every member but its name, description, layout policy, report and shortcuts). */
export type KernelOp = Exclude<keyof Kernel, 'name' | 'description' | 'activationLayout' | 'formatReport'>;

// A record over every op, so that an op added to the interface and not here fails to compile.
const OPS: { readonly [op in KernelOp]: true } = {
  gemm: true, maskedForward: true, maskedBackwardInput: true, maskedWeightGrad: true, scoreGrad: true,
  sgdStep: true, sgdStepAt: true, adamStep: true, rmspropStep: true, relu: true, reluBackward: true, addColumnSums: true, addRowSums: true,
  thresholdBits: true,
  layerNorm: true, layerNormBackward: true, gelu: true, geluBackward: true, attention: true, attentionBackward: true,
  embeddingGather: true, embeddingScatterAdd: true, softmaxCrossEntropy: true, add: true,
  maskedForwardFeatureMajor: true, maskedBackwardInputFeatureMajor: true, maskedWeightGradFeatureMajor: true, transpose: true,
};

/** Every op a kernel must provide; the registry refuses a kernel plugin whose kernel lacks one, naming it. */
export const KERNEL_OPS = Object.keys(OPS) as readonly KernelOp[];
