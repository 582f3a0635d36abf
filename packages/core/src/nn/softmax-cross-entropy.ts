// Softmax cross-entropy over logits: the mean loss over rows and its gradient (softmax − onehot) / B.
// B = batch, C = classes
import type { Kernel } from '../kernel/contract.js';
import { softmaxCrossEntropy as referenceSoftmaxCrossEntropy } from '../kernel/reference/softmax-cross-entropy.js';
import { Tensor } from '../tensor/tensor.js';

const REFERENCE = { softmaxCrossEntropy: referenceSoftmaxCrossEntropy };

export interface LossResult {
  /** Mean negative log-likelihood over the rows (labels < 0 are ignored and not counted). */
  readonly loss: number;
  /** dL/dlogits (B,C). */
  readonly dLogits: Tensor;
  /** Rows whose arg-max equals the label. */
  readonly correct: number;
  /** Rows with a label (≥ 0). */
  readonly counted: number;
}

/**
 * Numerically stable softmax cross-entropy, by `kernel`'s op (the reference definition when none is given). A label
 * of −1 marks a row to ignore (masked-language modelling scores only the masked positions).
 */
export function softmaxCrossEntropy(logits: Tensor /* (B,C) */, labels: Int32Array, dLogits?: Tensor,
  kernel: Pick<Kernel, 'softmaxCrossEntropy'> = REFERENCE): LossResult {
  const grad = dLogits ?? Tensor.zeros(logits.rows, logits.cols);
  const { lossSum, correct, counted } = kernel.softmaxCrossEntropy(logits.data, logits.rows, logits.cols, labels, grad.data);
  return { loss: counted > 0 ? lossSum / counted : 0, dLogits: grad, correct, counted };
}

/** The arg-max of each row. */
export function argmaxRows(logits: Tensor): Int32Array {
  const out = new Int32Array(logits.rows);
  for (let r = 0; r < logits.rows; r++) {
    let best = 0;
    for (let c = 1; c < logits.cols; c++) if (logits.data[r * logits.cols + c] > logits.data[r * logits.cols + best]) best = c;
    out[r] = best;
  }
  return out;
}
