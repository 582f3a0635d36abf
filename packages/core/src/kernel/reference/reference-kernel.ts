// The reference kernel: the Kernel contract in plain TypeScript over dense W ⊙ M. It defines the semantics.
import type { MaskedParameter } from '../../mask/masked-parameter.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Kernel } from '../contract.js';
import { attention, attentionBackward } from './attention.js';
import { adamStep, addColumnSums, relu, reluBackward, rmspropStep, sgdStep, thresholdBits } from './elementwise.js';
import { embeddingGather, embeddingScatterAdd } from './embedding.js';
import { gelu, geluBackward } from './gelu.js';
import { gemm, gemmNT } from './gemm.js';
import { layerNorm, layerNormBackward } from './layer-norm.js';
import { add } from './residual.js';

/** Plain typed-array loops; every other backend is checked against this one. */
export class ReferenceKernel implements Kernel {
  readonly name = 'reference';
  readonly description = 'TypeScript loops over dense W ⊙ M (register-blocked GEMM); defines the semantics';
  private gradScratch = new Float32Array(0);
  readonly sgdStep = sgdStep;
  readonly adamStep = adamStep;
  readonly rmspropStep = rmspropStep;
  readonly relu = relu;
  readonly reluBackward = reluBackward;
  readonly addColumnSums = addColumnSums;
  readonly thresholdBits = thresholdBits;
  readonly layerNorm = layerNorm;
  readonly layerNormBackward = layerNormBackward;
  readonly gelu = gelu;
  readonly geluBackward = geluBackward;
  readonly attention = attention;
  readonly attentionBackward = attentionBackward;
  readonly embeddingGather = embeddingGather;
  readonly embeddingScatterAdd = embeddingScatterAdd;
  readonly add = add;

  gemm(transA: boolean, transB: boolean, M: number, N: number, K: number,
    alpha: number, a: Float32Array, b: Float32Array, beta: number, c: Float32Array): void {
    gemm(transA, transB, M, N, K, alpha, a, b, beta, c);
  }

  maskedForward(x: Tensor, w: MaskedParameter, bias: Float32Array | null, y: Tensor): void {
    gemmNT(x.rows, w.rows, w.cols, 1, x.data, w.effective(), 0, y.data);
    if (!bias) return;
    for (let r = 0; r < y.rows; r++) {
      const row = r * y.cols;
      for (let o = 0; o < y.cols; o++) y.data[row + o] += bias[o];
    }
  }

  maskedBackwardInput(dy: Tensor, w: MaskedParameter, dx: Tensor): void {
    gemm(false, false, dy.rows, w.cols, w.rows, 1, dy.data, w.effective(), 0, dx.data);
  }

  maskedWeightGrad(dy: Tensor, x: Tensor, w: MaskedParameter, dW: Float32Array): void {
    const grad = this.outerProduct(dy, x, w);
    const words = w.mask.words;
    for (let i = 0; i < grad.length; i++) if ((words[i >>> 5] >>> (i & 31)) & 1) dW[i] += grad[i];
  }

  scoreGrad(dy: Tensor, x: Tensor, w: MaskedParameter, dS: Float32Array): void {
    const grad = this.outerProduct(dy, x, w);
    const values = w.values;
    for (let i = 0; i < grad.length; i++) dS[i] += grad[i] * values[i];
  }

  /** dyᵀ · x, (O×I), into a reused buffer. */
  private outerProduct(dy: Tensor, x: Tensor, w: MaskedParameter): Float32Array {
    if (this.gradScratch.length < w.size) this.gradScratch = new Float32Array(w.size);
    const grad = this.gradScratch.subarray(0, w.size);
    gemm(true, false, w.rows, w.cols, dy.rows, 1, dy.data, x.data, 0, grad);
    return grad;
  }
}
