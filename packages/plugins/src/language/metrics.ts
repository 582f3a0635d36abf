// Classification metrics of the GLUE-like tasks: F1 of the positive class (MRPC) and Matthews correlation (CoLA).
import type { Metric } from '@ontogeny/core';

/** Counts of a binary confusion matrix (class 1 is positive); labels < 0 are skipped. */
export interface Confusion {
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
}

export function confusion(predicted: ArrayLike<number>, labels: ArrayLike<number>): Confusion {
  let tp = 0, fp = 0, tn = 0, fn = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] < 0) continue;
    const positive = predicted[i] === 1;
    if (labels[i] === 1) positive ? tp++ : fn++;
    else positive ? fp++ : tn++;
  }
  return { tp, fp, tn, fn };
}

/**
 * F1 = 2·TP / (2·TP + FP + FN), the harmonic mean of precision and recall of class 1; 0 when there is no
 * positive prediction or label at all.
 */
export function f1Score(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  const { tp, fp, fn } = confusion(predicted, labels);
  const denominator = 2 * tp + fp + fn;
  return denominator === 0 ? 0 : (2 * tp) / denominator;
}

/**
 * Matthews correlation (TP·TN − FP·FN) / √((TP+FP)(TP+FN)(TN+FP)(TN+FN)), in [−1, 1]; 0 when a margin is
 * empty (a constant predictor), as scikit-learn defines it.
 */
export function matthewsCorrelation(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  const { tp, fp, tn, fn } = confusion(predicted, labels);
  const denominator = Math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
  return denominator === 0 ? 0 : (tp * tn - fp * fn) / denominator;
}

/** F1 of class 1 as a task metric (paraphrase, like MRPC). */
export const f1: Metric = { name: 'f1', compute: (predicted, labels) => f1Score(predicted, labels) };

/** Matthews correlation as a task metric (acceptability, like CoLA). */
export const mcc: Metric = { name: 'mcc', compute: (predicted, labels) => matthewsCorrelation(predicted, labels) };

/**
 * What a predictor that ignores its input scores on these labels: the majority class's accuracy, and for two
 * classes the always-positive predictor's F1 (2P / (2P + N)); every constant predictor's MCC is 0.
 */
export function constantBaselines(labels: ArrayLike<number>, classes: number): Record<string, number> {
  const counts = new Array<number>(classes).fill(0);
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] < 0) continue;
    counts[labels[i]]++;
    total++;
  }
  const baselines: Record<string, number> = { 'majority accuracy': total > 0 ? Math.max(...counts) / total : 0 };
  if (classes === 2) {
    baselines['always-positive F1'] = f1Score(new Int32Array(labels.length).fill(1), labels);
    baselines['constant MCC'] = 0;
  }
  return baselines;
}
