// Which task is this? SupSup's one-shot task inference by the entropy gradient, and the lowest-entropy baseline.
import type { MaskedParameter } from '../../mask/masked-parameter.js';
import { softmaxCrossEntropy } from '../../nn/softmax-cross-entropy.js';
import type { Model } from '../../plugin/contracts/model.js';
import { inputWidth } from '../../plugin/contracts/task.js';
import type { OptionsOf } from '../../plugin/options-type.js';
import { Tensor } from '../../tensor/tensor.js';
import type { TaskInference, TaskInferenceResult } from './continual-result.js';
import type { LearnedTask } from './continual-sequence.js';
import { MaskSuperposition, outputEntropy } from './continual-superposition.js';

export const inferenceProperty = {
  type: 'object', additionalProperties: false,
  description: 'After the last task, infer the task of test batches without being told it (SupSup): by the gradient of the output entropy with respect to the masks\' weights α ("one-shot"), and by the lowest entropy over the masks one at a time.',
  properties: {
    batch: { type: 'integer', minimum: 1, default: 128, description: 'Examples per batch whose task is inferred (all from one task, as in SupSup).' },
    batches: { type: 'integer', minimum: 1, default: 1, description: 'Test batches per task (fewer when the test split runs out).' },
  },
} as const;

export type InferenceSpec = OptionsOf<typeof inferenceProperty>;

/** How the task of a batch is chosen, given the entropy gradient (T) and each mask's entropy (T). */
const METHODS = {
  /** SupSup's one-shot: the most negative ∂H/∂α_i at α = 1/T. */
  'entropy-gradient': (gradient: Float64Array) => argmin(gradient),
  /** The baseline: the mask under which the output is most confident. */
  'lowest-entropy': (_gradient: Float64Array, entropies: Float64Array) => argmin(entropies),
} as const;

/**
 * Infers the task of `spec.batches` test batches of every learned task and answers each batch with the mask
 * and head of the task inferred. The network is left with the masks it had. `between` runs between batches
 * (the phase's yield point: a stopped run stops here too).
 */
export async function inferTasks(model: Model, layers: readonly MaskedParameter[], learned: readonly LearnedTask[], spec: InferenceSpec,
  between: () => Promise<void>): Promise<TaskInference> {
  const names = learned.map((task) => task.name);
  const batches = learned.flatMap((task, truth) => {
    const { test, input } = task.data;
    const width = inputWidth(input);
    const size = Math.min(spec.batch, test.count);
    const count = Math.min(spec.batches, Math.floor(test.count / size));
    return Array.from({ length: count }, (_, b) => ({
      truth,
      inputs: new Tensor(test.inputs.subarray(b * size * width, (b + 1) * size * width), size, width),
      labels: test.labels.subarray(b * size * task.data.labelsPerExample, (b + 1) * size * task.data.labelsPerExample),
    }));
  });
  const first = learned[0]!.data;
  const superposition = new MaskSuperposition(model, layers, names, { classes: first.classes, kind: first.headKind });
  const uniform = new Float64Array(names.length).fill(1 / names.length);
  const gradients: Float64Array[] = [];
  try {
    for (const batch of batches) {
      gradients.push(superposition.entropyGradient(batch.inputs, uniform).gradient);
      await between();
    }
  } finally {
    superposition.dispose();
  }
  const active = layers.map((layer) => layer.mask.copy());
  const tally = Object.fromEntries(Object.keys(METHODS).map((method) => [method, { found: 0, correct: 0, counted: 0 }]));
  for (const [b, batch] of batches.entries()) {
    await between();
    const entropies = new Float64Array(names.length);
    const correct = new Float64Array(names.length);
    let counted = 0;
    names.forEach((name, i) => {
      for (const layer of layers) layer.useTaskMask(name);
      const logits = model.forward(batch.inputs, name, { training: false });
      entropies[i] = outputEntropy(logits).entropy;
      const result = softmaxCrossEntropy(logits, batch.labels);
      correct[i] = result.correct;
      counted = result.counted;
    });
    for (const [method, choose] of Object.entries(METHODS)) {
      const chosen = choose(gradients[b]!, entropies);
      const score = tally[method]!;
      if (chosen === batch.truth) score.found++;
      score.correct += correct[chosen]!;
      score.counted += counted;
    }
  }
  layers.forEach((layer, l) => layer.setMask(active[l]!));
  const methods: Record<string, TaskInferenceResult> = Object.fromEntries(Object.entries(tally).map(([method, score]) => [method, {
    taskAccuracy: batches.length > 0 ? score.found / batches.length : 0,
    accuracy: score.counted > 0 ? score.correct / score.counted : 0,
  }]));
  return { batch: spec.batch, batches: batches.length, methods };
}

function argmin(values: Float64Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! < values[best]!) best = i;
  return best;
}
