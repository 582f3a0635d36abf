// Accuracy as a task metric: the fraction of examples whose predicted class equals the label.
import type { Metric } from '@ontogeny/core';

/**
 * The metric of the plain classification tasks; labels of −1 (ignored positions) do not count.
 *
 * @example
 * accuracy.compute(Int32Array.of(0, 1, 1), Int32Array.of(0, 1, 0), 2); // 2/3
 */
export const accuracy: Metric = {
  name: 'accuracy',
  compute(predicted: Int32Array, labels: Int32Array): number {
    let counted = 0;
    let correct = 0;
    for (let i = 0; i < labels.length; i++) {
      if (labels[i]! < 0) continue;
      counted++;
      if (predicted[i] === labels[i]) correct++;
    }
    return counted === 0 ? 0 : correct / counted;
  },
};
