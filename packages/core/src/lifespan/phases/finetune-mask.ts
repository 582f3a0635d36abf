// `finetune-mask`: learns a binary mask over frozen weights (Piggyback, Zhao et al.), the head densely if asked.
import { definePhase } from '../phase-kind.js';
import { trainSteps } from '../train-steps.js';
import { layersProperty, structureLearning, structureProperties } from './structure-options.js';
import { lrScheduleOf, stepCount, trainingProperties } from './training-options.js';


export const finetuneMaskPhase = definePhase({
  kind: 'finetune-mask',
  description: 'Learns structure: a binary mask over the frozen weights of the chosen layers, by a mask learner.',
  needsTask: true,
  schema: (ref) => ({
    properties: { ...trainingProperties(ref), ...structureProperties(ref), layers: layersProperty },
    required: ['learner', 'optimizer'],
  }),
  async run(context, spec) {
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
});
