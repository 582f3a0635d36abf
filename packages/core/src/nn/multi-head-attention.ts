// Multi-head self-attention with per-head gates ξ_h (Michel et al. 2019): y = Σ_h ξ_h · softmax(Q_h K_hᵀ/√E) V_h · W_Oᵀ.
// B = batch, T = sequence length, D = width, H = heads, E = head width (D/H)
import type { Kernel } from '../kernel/contract.js';
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
  // (B,H,T,E) packed per head so each (b, h) block is one contiguous matrix for the kernel's gemm
  private readonly packedQ = new Workspace();
  private readonly packedK = new Workspace();
  private readonly packedV = new Workspace();
  private readonly packedContext = new Workspace();
  private readonly probabilities = new Workspace(); // (B,H,T,T)
  private readonly merged = new Workspace(); // (B·T,D), gated
  private readonly dPacked = new Workspace(); // (B,H,T,E) scratch for dctx
  private readonly dScores = new Workspace(); // (T,T) scratch
  private readonly dQ = new Workspace();
  private readonly dK = new Workspace();
  private readonly dV = new Workspace();
  private readonly dMerged = new Workspace();
  private readonly inputGrads = new Workspace();

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
    const H = this.heads;
    const E = this.headWidth;
    this.batch = B;
    const q = this.pack(this.query.forward(x, mode), this.packedQ, this.scale);
    const k = this.pack(this.key.forward(x, mode), this.packedK, 1);
    const v = this.pack(this.value.forward(x, mode), this.packedV, 1);
    const probabilities = this.probabilities.tensor(B * H * T, T).data;
    const context = this.packedContext.tensor(B * H * T, E).data;
    const valid = this.keyValid;
    for (let b = 0; b < B; b++) {
      for (let h = 0; h < H; h++) {
        const block = (b * H + h) * T;
        const qs = q.subarray(block * E, (block + T) * E);
        const ks = k.subarray(block * E, (block + T) * E);
        const vs = v.subarray(block * E, (block + T) * E);
        const p = probabilities.subarray(block * T, (block + T) * T);
        this.kernel.gemm(false, true, T, T, E, 1, qs, ks, 0, p); // scores (T,T), 1/√E folded into Q
        softmaxRows(p, T, valid, b * T);
        this.kernel.gemm(false, false, T, E, T, 1, p, vs, 0, context.subarray(block * E, (block + T) * E));
      }
    }
    const merged = this.merged.tensor(B * T, this.width);
    this.unpack(context, merged.data, this.gates);
    return this.output.forward(merged, mode);
  }

  backward(dy: Tensor /* (B·T,D) */, needInputGrad: boolean): Tensor | null /* (B·T,D) */ {
    const B = this.batch;
    if (B === 0) throw new Error(`${this.name}: backward called before forward`);
    const T = this.length;
    const H = this.heads;
    const E = this.headWidth;
    const dMergedGated = this.output.backward(dy, true) as Tensor; // ∂L/∂(ξ_h ctx_h), (B·T,D)
    const context = this.packedContext.tensor(B * H * T, E).data;
    const dContext = this.pack(dMergedGated, this.dPacked, 1);
    this.accumulateImportance(context, dContext);
    for (let h = 0; h < H; h++) {
      const gate = this.gates[h];
      for (let b = 0; b < B; b++) {
        const block = (b * H + h) * T * E;
        for (let i = block; i < block + T * E; i++) dContext[i] *= gate;
      }
    }
    const q = this.packedQ.tensor(B * H * T, E).data;
    const k = this.packedK.tensor(B * H * T, E).data;
    const v = this.packedV.tensor(B * H * T, E).data;
    const probabilities = this.probabilities.tensor(B * H * T, T).data;
    const dq = this.dQ.tensor(B * H * T, E).data;
    const dk = this.dK.tensor(B * H * T, E).data;
    const dv = this.dV.tensor(B * H * T, E).data;
    const dScores = this.dScores.tensor(T, T).data;
    for (let b = 0; b < B; b++) {
      for (let h = 0; h < H; h++) {
        const block = (b * H + h) * T;
        const rows = (array: Float32Array): Float32Array => array.subarray(block * E, (block + T) * E);
        const p = probabilities.subarray(block * T, (block + T) * T);
        const dc = rows(dContext);
        this.kernel.gemm(false, true, T, T, E, 1, dc, rows(v), 0, dScores); // dP = dctx · Vᵀ
        this.kernel.gemm(true, false, T, E, T, 1, p, dc, 0, rows(dv)); // dV = Pᵀ · dctx
        softmaxBackwardRows(p, dScores, T); // dS = P ⊙ (dP − Σ_k P dP)
        this.kernel.gemm(false, false, T, E, T, this.scale, dScores, rows(k), 0, rows(dq)); // dQ = dS · K / √E
        this.kernel.gemm(true, false, T, E, T, 1, dScores, rows(q), 0, rows(dk)); // dK = dSᵀ · (Q / √E)
      }
    }
    const dMerged = this.dMerged.tensor(B * T, this.width);
    this.unpack(dq, dMerged.data, null);
    const dxQuery = this.query.backward(dMerged, needInputGrad);
    const dx = needInputGrad ? this.inputGrads.tensor(B * T, this.width) : null;
    if (dx && dxQuery) dx.data.set(dxQuery.data);
    this.unpack(dk, dMerged.data, null);
    addInto(dx, this.key.backward(dMerged, needInputGrad));
    this.unpack(dv, dMerged.data, null);
    addInto(dx, this.value.backward(dMerged, needInputGrad));
    return dx;
  }

  parameters(): Parameter[] {
    return [this.query, this.key, this.value, this.output].flatMap((layer) => layer.parameters());
  }

  /** (B·T,D) rows → (B,H,T,E) per-head blocks, times `factor`. */
  private pack(x: Tensor, into: Workspace, factor: number): Float32Array {
    const T = this.length;
    const H = this.heads;
    const E = this.headWidth;
    const B = x.rows / T;
    const out = into.tensor(B * H * T, E).data;
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        const from = (b * T + t) * this.width;
        for (let h = 0; h < H; h++) {
          const to = ((b * H + h) * T + t) * E;
          const at = from + h * E;
          for (let e = 0; e < E; e++) out[to + e] = x.data[at + e] * factor;
        }
      }
    }
    return out;
  }

  /** (B,H,T,E) per-head blocks → (B·T,D) rows, head h times gates[h] when gates are given. */
  private unpack(packed: Float32Array, out: Float32Array, gates: Float32Array | null): void {
    const T = this.length;
    const H = this.heads;
    const E = this.headWidth;
    const B = this.batch;
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        const to = (b * T + t) * this.width;
        for (let h = 0; h < H; h++) {
          const from = ((b * H + h) * T + t) * E;
          const at = to + h * E;
          const gate = gates ? gates[h] : 1;
          for (let e = 0; e < E; e++) out[at + e] = packed[from + e] * gate;
        }
      }
    }
  }

  /** I_h += |∂L/∂ξ_h| per example b, where ∂L/∂ξ_h = Σ_{t,e} ctx · ∂L/∂(ξ_h ctx). */
  private accumulateImportance(context: Float32Array, dGated: Float32Array): void {
    const T = this.length;
    const H = this.heads;
    const E = this.headWidth;
    for (let h = 0; h < H; h++) this.importance[h] *= this.importanceDecay;
    this.importanceExamples *= this.importanceDecay;
    for (let b = 0; b < this.batch; b++) {
      for (let h = 0; h < H; h++) {
        const block = (b * H + h) * T * E;
        let sum = 0;
        for (let i = block; i < block + T * E; i++) sum += context[i] * dGated[i];
        this.importance[h] += Math.abs(sum);
      }
    }
    this.importanceExamples += this.batch;
  }
}

/** Row-wise softmax of a (T,T) block in place; keys with valid[offset + j] = 0 get probability exactly 0. */
function softmaxRows(p: Float32Array, T: number, valid: Uint8Array | null, offset: number): void {
  for (let i = 0; i < T; i++) {
    const row = i * T;
    let max = -Infinity;
    for (let j = 0; j < T; j++) if ((!valid || valid[offset + j]) && p[row + j] > max) max = p[row + j];
    let sum = 0;
    for (let j = 0; j < T; j++) {
      const e = !valid || valid[offset + j] ? Math.exp(p[row + j] - max) : 0;
      p[row + j] = e;
      sum += e;
    }
    const inverse = 1 / sum;
    for (let j = 0; j < T; j++) p[row + j] *= inverse;
  }
}

/** dS = P ⊙ (dP − rowsum(P ⊙ dP)), written over dP. */
function softmaxBackwardRows(p: Float32Array, dp: Float32Array, T: number): void {
  for (let i = 0; i < T; i++) {
    const row = i * T;
    let dot = 0;
    for (let j = 0; j < T; j++) dot += p[row + j] * dp[row + j];
    for (let j = 0; j < T; j++) dp[row + j] = p[row + j] * (dp[row + j] - dot);
  }
}

function addInto(sum: Tensor | null, term: Tensor | null): void {
  if (!sum || !term) return;
  for (let i = 0; i < sum.data.length; i++) sum.data[i] += term.data[i];
}
