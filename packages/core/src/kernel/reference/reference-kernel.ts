// The reference kernel: the Kernel contract in plain TypeScript over dense W ⊙ M. It defines the semantics.
import type { MaskedParameter } from '../../mask/masked-parameter.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Kernel } from '../contract.js';
import { attention, attentionBackward } from './attention.js';
import { adamStep, addColumnSums, addRowSums, relu, reluBackward, rmspropStep, sgdStep, sgdStepAt, thresholdBits } from './elementwise.js';
import { embeddingGather, embeddingScatterAdd } from './embedding.js';
import { gelu, geluBackward } from './gelu.js';
import { gemm, gemmNT, transpose } from './gemm.js';
import { layerNorm, layerNormBackward } from './layer-norm.js';
import { add } from './residual.js';
import { softmaxCrossEntropy } from './softmax-cross-entropy.js';

/** Plain typed-array loops; every other backend is checked against this one. */
export class ReferenceKernel implements Kernel {
  readonly name = 'reference';
  readonly description = 'TypeScript loops over dense W ⊙ M (register-blocked GEMM); defines the semantics';
  private gradScratch = new Float32Array(0);
  readonly sgdStep = sgdStep;
  readonly sgdStepAt = sgdStepAt;
  readonly adamStep = adamStep;
  readonly rmspropStep = rmspropStep;
  readonly relu = relu;
  readonly reluBackward = reluBackward;
  readonly addColumnSums = addColumnSums;
  readonly addRowSums = addRowSums;
  readonly thresholdBits = thresholdBits;
  readonly layerNorm = layerNorm;
  readonly layerNormBackward = layerNormBackward;
  readonly gelu = gelu;
  readonly geluBackward = geluBackward;
  readonly attention = attention;
  readonly attentionBackward = attentionBackward;
  readonly embeddingGather = embeddingGather;
  readonly embeddingScatterAdd = embeddingScatterAdd;
  readonly softmaxCrossEntropy = softmaxCrossEntropy;
  readonly add = add;

  transpose(a: Float32Array, rows: number, cols: number, out: Float32Array): void {
    transpose(a, rows, cols, out);
  }

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
    addOnMask(this.outerProduct(dy, x, w), w, dW);
  }

  maskedForwardFeatureMajor(xT: Tensor, w: MaskedParameter, bias: Float32Array | null, yT: Tensor): void {
    const batch = xT.cols;
    gemm(false, false, w.rows, batch, w.cols, 1, w.effective(), xT.data, 0, yT.data);
    if (!bias) return;
    for (let o = 0; o < w.rows; o++) {
      const row = o * batch;
      for (let b = 0; b < batch; b++) yT.data[row + b] += bias[o];
    }
  }

  maskedBackwardInputFeatureMajor(dyT: Tensor, w: MaskedParameter, dxT: Tensor): void {
    gemm(true, false, w.cols, dyT.cols, w.rows, 1, w.effective(), dyT.data, 0, dxT.data);
  }

  maskedWeightGradFeatureMajor(dyT: Tensor, xT: Tensor, w: MaskedParameter, dW: Float32Array): void {
    const grad = this.gradBuffer(w.size);
    gemm(false, true, w.rows, w.cols, dyT.cols, 1, dyT.data, xT.data, 0, grad);
    addOnMask(grad, w, dW);
  }

  scoreGrad(dy: Tensor, x: Tensor, w: MaskedParameter, dS: Float32Array): void {
    const grad = this.outerProduct(dy, x, w);
    const values = w.values;
    for (let i = 0; i < grad.length; i++) dS[i] += grad[i] * values[i];
  }

  /** dyᵀ · x, (O×I), into a reused buffer. */
  private outerProduct(dy: Tensor, x: Tensor, w: MaskedParameter): Float32Array {
    const grad = this.gradBuffer(w.size);
    gemm(true, false, w.rows, w.cols, dy.rows, 1, dy.data, x.data, 0, grad);
    return grad;
  }

  private gradBuffer(size: number): Float32Array {
    if (this.gradScratch.length < size) this.gradScratch = new Float32Array(size);
    return this.gradScratch.subarray(0, size);
  }
}

/** dW[i] += grad[i] at the kept entries of w's mask; the rest of dW is not touched. */
function addOnMask(grad: Float32Array, w: MaskedParameter, dW: Float32Array): void {
  const words = w.mask.words;
  for (let i = 0; i < grad.length; i++) if ((words[i >>> 5] >>> (i & 31)) & 1) dW[i] += grad[i];
}
