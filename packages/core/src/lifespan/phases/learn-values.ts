// The weight-learning phases: `pretrain` (dense learning from birth) and `finetune-dense` (the standard baseline).
import { definePhase } from '../phase-kind.js';
import { learnValues } from '../learning.js';
import { saveWeights } from '../rewind.js';
import { trainSteps } from '../train-steps.js';
import { lrScheduleOf, stepCount, trainingProperties } from './training-options.js';

/** Whether parameter `name` is `prefix` itself or lies under it (`embeddings` covers `embeddings.tokens.table`). */
export function underPrefix(name: string, prefix: string): boolean {
  return name === prefix || name.startsWith(`${prefix}.`);
}

function learnValuesPhase(kind: string, description: string) {
  return definePhase({
    kind,
    description,
    needsTask: true,
    schema: (ref) => ({
      properties: {
        ...trainingProperties(ref),
        train: { enum: ['all', 'head'], default: 'all', description: "'all' learns every weight; 'head' only the task's head (a linear probe)." },
        saveAt: {
          type: 'array', items: { type: 'integer', minimum: 0 }, uniqueItems: true,
          description: 'Steps at which to keep a copy of the weights (body and heads), as "<phase>@<step>", for a later rewind (0 = before training).',
        },
        frozen: {
          type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, uniqueItems: true,
          description: 'Body parameters that stay as they are, by name or name prefix: ["embeddings"] fine-tunes a BERT with its embeddings frozen, as mask learning leaves them. Default: none.',
        },
      },
      required: ['optimizer'],
    }),
    async run(context, spec) {
      const task = context.task!;
      const params = learnValues(context.model, task.name, spec.train).filter((parameter) => {
        const kept = spec.frozen?.some((prefix) => underPrefix(parameter.name, prefix)) ?? false;
        if (kept) parameter.requiresGrad = false;
        return !kept;
      });
      const steps = stepCount(context, spec);
      const result = await trainSteps(context, {
        steps,
        batch: spec.batch,
        beforeStep: (step) => {
          if (spec.saveAt?.includes(step)) context.saved.set(`${context.phase}@${step}`, saveWeights(context.model));
        },
        groups: [{ optimizer: context.create('optimizer', spec.optimizer), params }],
        lrSchedule: lrScheduleOf(context, spec),
      });
      return { steps, diverged: result.diverged };
    },
  });
}

export const pretrainPhase = learnValuesPhase('pretrain', 'Learns the weights densely (or under the current mask) from their current values.');
export const finetuneDensePhase = learnValuesPhase('finetune-dense', 'Fine-tunes the weights on a task: the standard baseline.');
