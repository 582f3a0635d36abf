// Multi-head self-attention with per-head gates ξ_h (Michel et al. 2019): y = Σ_h ξ_h · softmax(Q_h K_hᵀ/√E) V_h · W_Oᵀ.
// B = batch, T = sequence length, D = width, H = heads, E = head width (D/H)
import type { AttentionShape, Kernel } from '../kernel/contract.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Layer, PassMode } from './layer.js';
import { MaskedLinear } from './masked-linear.js';
import type { Parameter } from './parameter.js';
import { Workspace } from './workspace.js';

/**
 * Self-attention over (B·T × D) rows whose sequence length T is set by `setSequence` before each forward.
 * Q, K, V and the output projection are masked linears, so masks are learned over exactly the matrices Zhao et
 * al. mask. A head's gate multiplies its context vectors: a gate of 0 removes the head; backward accumulates
 * each head's importance I_h = Σ_examples |∂L/∂ξ_h| = |Σ_t ctx_hᵀ ∂L/∂(ξ_h ctx_h)|.
 */
export class MultiHeadAttention implements Layer {
  readonly query: MaskedLinear;
  readonly key: MaskedLinear;
  readonly value: MaskedLinear;
  readonly output: MaskedLinear;
  /** ξ_h, 1 for a working head and 0 for a removed one (a lesion); not learned. */
  readonly gates: Float32Array;
  /** Σ over examples of |∂L/∂ξ_h|, accumulated by every backward pass until `resetImportance`. */
  readonly importance: Float64Array;
  /** Examples that contributed to `importance` (decayed alike). */
  importanceExamples = 0;
  /**
   * Each backward pass first multiplies `importance` and `importanceExamples` by this: 1 sums over every pass
   * since the reset; below 1 (e.g. 0.99) the estimate follows the latest ~1/(1 − decay) batches of a training run.
   */
  importanceDecay = 1;
  readonly headWidth: number;

  private length = 0;
  private keyValid: Uint8Array | null = null;
  private batch = 0;
  private readonly scale: number;
  // Q, K, V are the projections' own outputs (B·T,D); the attention op reads each head's columns in place
  private q: Tensor | null = null;
  private k: Tensor | null = null;
  private v: Tensor | null = null;
  private readonly probabilities = new Workspace(); // (B·H·T,T)
  private readonly context = new Workspace(); // (B·T,D), ungated
  private readonly merged = new Workspace(); // (B·T,D), gated
  private readonly dQ = new Workspace();
  private readonly dK = new Workspace();
  private readonly dV = new Workspace();
  private readonly inputGrads = new Workspace();
  private headDots = new Float64Array(0); // (B·H) ∂L/∂ξ_h per sequence

  constructor(readonly name: string, readonly width: number, readonly heads: number, private readonly kernel: Kernel) {
    if (width % heads !== 0) throw new RangeError(`${name}: width ${width} is not divisible by ${heads} heads`);
    this.headWidth = width / heads;
    this.scale = 1 / Math.sqrt(this.headWidth);
    this.query = new MaskedLinear(`${name}.query`, width, width, kernel);
    this.key = new MaskedLinear(`${name}.key`, width, width, kernel);
    this.value = new MaskedLinear(`${name}.value`, width, width, kernel);
    this.output = new MaskedLinear(`${name}.output`, width, width, kernel);
    this.gates = new Float32Array(heads).fill(1);
    this.importance = new Float64Array(heads);
  }

  /** Sets T for the next forward, and which of the B·T positions are real tokens (keys at padding get no attention). */
  setSequence(length: number, keyValid: Uint8Array | null): void {
    this.length = length;
    this.keyValid = keyValid;
  }

  /** The attention probabilities of the last forward, (B·H·T × T): row ((b·H + h)·T + i) is query i's distribution. */
  attentionMaps(): Tensor | null {
    return this.batch > 0 ? this.probabilities.tensor(this.batch * this.heads * this.length, this.length) : null;
  }

  resetImportance(): void {
    this.importance.fill(0);
    this.importanceExamples = 0;
  }

  forward(x: Tensor /* (B·T,D) */, mode: PassMode): Tensor /* (B·T,D) */ {
    const T = this.length;
    if (T <= 0 || x.rows % T !== 0) throw new RangeError(`${this.name}: ${x.rows} rows are not a whole number of sequences of ${T}`);
    const B = x.rows / T;
    this.batch = B;
    // Each projection writes its own workspace, so q, k and v stay valid until the next forward.
    const q = (this.q = this.query.forward(x, mode));
    const k = (this.k = this.key.forward(x, mode));
    const v = (this.v = this.value.forward(x, mode));
    const probabilities = this.probabilities.tensor(B * this.heads * T, T);
    const context = this.context.tensor(B * T, this.width);
    const merged = this.merged.tensor(B * T, this.width);
    this.kernel.attention(this.shape(), q.data, k.data, v.data, this.keyValid, this.gates, probabilities.data, context.data, merged.data);
    return this.output.forward(merged, mode);
  }

  backward(dy: Tensor /* (B·T,D) */, needInputGrad: boolean): Tensor | null /* (B·T,D) */ {
    const B = this.batch;
    const { q, k, v } = this;
    if (B === 0 || !q || !k || !v) throw new Error(`${this.name}: backward called before forward`);
    const T = this.length;
    const dMerged = this.output.backward(dy, true) as Tensor; // ∂L/∂(ξ_h ctx_h), (B·T,D)
    const dq = this.dQ.tensor(B * T, this.width);
    const dk = this.dK.tensor(B * T, this.width);
    const dv = this.dV.tensor(B * T, this.width);
    if (this.headDots.length !== B * this.heads) this.headDots = new Float64Array(B * this.heads);
    this.kernel.attentionBackward(this.shape(), dMerged.data, q.data, k.data, v.data,
      this.probabilities.tensor(B * this.heads * T, T).data, this.context.tensor(B * T, this.width).data, this.gates,
      dq.data, dk.data, dv.data, this.headDots);
    this.accumulateImportance();
    const dxQuery = this.query.backward(dq, needInputGrad);
    const dx = needInputGrad ? this.inputGrads.tensor(B * T, this.width) : null;
    if (dx && dxQuery) dx.data.set(dxQuery.data);
    const dxKey = this.key.backward(dk, needInputGrad);
    if (dx && dxKey) this.kernel.add(dx.data, dxKey.data, dx.data);
    const dxValue = this.value.backward(dv, needInputGrad);
    if (dx && dxValue) this.kernel.add(dx.data, dxValue.data, dx.data);
    return dx;
  }

  parameters(): Parameter[] {
    return [this.query, this.key, this.value, this.output].flatMap((layer) => layer.parameters());
  }

  private shape(): AttentionShape {
    return { batch: this.batch, length: this.length, heads: this.heads, width: this.width, scale: this.scale };
  }

  /** I_h += |∂L/∂ξ_h| per example b, from the attention op's per-sequence ∂L/∂ξ_h. */
  private accumulateImportance(): void {
    const H = this.heads;
    for (let h = 0; h < H; h++) this.importance[h] *= this.importanceDecay;
    this.importanceExamples *= this.importanceDecay;
    for (let b = 0; b < this.batch; b++) for (let h = 0; h < H; h++) this.importance[h] += Math.abs(this.headDots[b * H + h]);
    this.importanceExamples += this.batch;
  }
}
