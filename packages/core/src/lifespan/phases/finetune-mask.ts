// `finetune-mask`: learns a binary mask over frozen weights (Piggyback, Zhao et al.), the head densely if asked.
import type { PhaseKind } from '../phase-kind.js';
import { trainSteps } from '../train-steps.js';
import { layersProperty, structureLearning, structureProperties, type StructureSpec } from './structure-options.js';
import { lrScheduleOf, stepCount, trainingProperties, type TrainingSpec } from './training-options.js';

interface FinetuneMaskSpec extends TrainingSpec, StructureSpec {
  readonly layers?: readonly string[];
}

export const finetuneMaskPhase: PhaseKind = {
  kind: 'finetune-mask',
  description: 'Learns structure: a binary mask over the frozen weights of the chosen layers, by a mask learner.',
  needsTask: true,
  schema: (ref) => ({
    properties: { ...trainingProperties(ref), ...structureProperties(ref), layers: layersProperty },
    required: ['learner', 'optimizer'],
  }),
  async run(context, phaseSpec) {
    const spec = phaseSpec as FinetuneMaskSpec;
    const layers = context.layers(spec.layers);
    const learning = structureLearning(context, spec, layers);
    const steps = stepCount(context, spec);
    const result = await trainSteps(context, {
      steps,
      batch: spec.batch,
      lrSchedule: lrScheduleOf(context, spec),
      ...learning,
    });
    learning.finish();
    return { steps, diverged: result.diverged };
  },
};
