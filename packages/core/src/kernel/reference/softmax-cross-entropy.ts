// Softmax cross-entropy over rows of logits, in float64: the Kernel contract's `softmaxCrossEntropy`.
import type { CrossEntropySums } from '../contract.js';

/** The float64 scratch row of exponentials, shared by every call and grown when a wider row comes (a vocabulary is large). */
let scratchExps = new Float64Array(0);

/** See `Kernel.softmaxCrossEntropy`. */
export function softmaxCrossEntropy(logits: Float32Array, rows: number, cols: number, labels: Int32Array,
  dLogits: Float32Array): CrossEntropySums {
  let counted = 0;
  for (let r = 0; r < rows; r++) {
    const label = labels[r];
    if (label >= cols) throw new RangeError(`softmaxCrossEntropy: row ${r}'s label ${label} is not one of the ${cols} classes (0 … ${cols - 1}, or −1 to ignore the row)`);
    if (label >= 0) counted++;
  }
  let lossSum = 0;
  let correct = 0;
  if (scratchExps.length < cols) scratchExps = new Float64Array(cols);
  const exps = scratchExps;
  for (let r = 0; r < rows; r++) {
    const row = r * cols;
    const label = labels[r];
    if (label < 0) {
      dLogits.fill(0, row, row + cols);
      continue;
    }
    let max = -Infinity;
    let argmax = 0;
    for (let c = 0; c < cols; c++) {
      if (logits[row + c] > max) {
        max = logits[row + c];
        argmax = c;
      }
    }
    // One exp per logit, kept in a float64 scratch row for the gradient
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += (exps[c] = Math.exp(logits[row + c] - max));
    lossSum += Math.log(sum) + max - logits[row + label];
    if (argmax === label) correct++;
    for (let c = 0; c < cols; c++) dLogits[row + c] = (exps[c] / sum - (c === label ? 1 : 0)) / counted;
  }
  return { lossSum, correct, counted };
}
