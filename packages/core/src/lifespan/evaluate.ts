// Evaluation of a model on a split: test accuracy, mean loss, and the task's own metric.
import type { Model } from '../plugin/contracts/model.js';
import { inputWidth, type Split, type TaskData } from '../plugin/contracts/task.js';
import { argmaxRows, softmaxCrossEntropy } from '../nn/softmax-cross-entropy.js';
import { Tensor } from '../tensor/tensor.js';
import type { Metrics } from './events.js';

/** Accuracy over labelled positions, mean cross-entropy, and `task.metric` (and any `extraMetrics`) on the predictions. */
export function evaluate(model: Model, taskName: string, task: TaskData, split: Split, batch: number): Metrics {
  const width = inputWidth(task.input);
  const perExample = task.labelsPerExample;
  const predicted = new Int32Array(split.count * perExample);
  let lossSum = 0;
  let correct = 0;
  let counted = 0;
  for (let start = 0; start < split.count; start += batch) {
    const end = Math.min(start + batch, split.count);
    const inputs = new Tensor(split.inputs.subarray(start * width, end * width), end - start, width);
    const labels = split.labels.subarray(start * perExample, end * perExample);
    const logits = model.forward(inputs, taskName, { training: false });
    const result = softmaxCrossEntropy(logits, labels);
    lossSum += result.loss * result.counted;
    correct += result.correct;
    counted += result.counted;
    predicted.set(argmaxRows(logits), start * perExample);
  }
  const metrics: Record<string, number> = {
    accuracy: counted > 0 ? correct / counted : 0,
    loss: counted > 0 ? lossSum / counted : 0,
  };
  for (const metric of [task.metric, ...(task.extraMetrics ?? [])]) {
    if (metric.name !== 'accuracy') metrics[metric.name] = metric.compute(predicted, split.labels, task.classes);
  }
  return metrics;
}
