// `continual-mask`: one mask per task over the shared frozen weights (Piggyback, SupSup), and a head per task.
import { definePhase } from '../phase-kind.js';
import { trainSteps } from '../train-steps.js';
import { inferTasks, inferenceProperty } from './continual-inference.js';
import { checkContinualTasks, continualProperties, runContinual } from './continual-sequence.js';
import { layersProperty, structureLearning, structureProperties } from './structure-options.js';
import { lrScheduleOf, stepCount, trainingProperties } from './training-options.js';


export const continualMaskPhase = definePhase({
  kind: 'continual-mask',
  description: 'Learns a sequence of tasks, each as a mask of its own over the same frozen weights (quantize them first with a `before` disorder) plus its head; earlier tasks keep their masks, so nothing is forgotten.',
  needsTask: true,
  schema: (ref) => ({
    properties: {
      ...continualProperties, ...trainingProperties(ref), ...structureProperties(ref), layers: layersProperty, infer: inferenceProperty,
    },
    required: ['tasks', 'learner', 'optimizer', 'headOptimizer'],
  }),
  crossCheck: (phase, _earlier, path, tasks) => checkContinualTasks(phase, path, tasks),
  async run(context, spec) {
    const layers = context.layers(spec.layers);
    // Every task starts from the mask the shared network has now, and the network is left with it
    const start = layers.map((layer) => layer.mask.copy());
    const reset = () => layers.forEach((layer, k) => layer.setMask(start[k]!));
    return runContinual(context, spec, {
      async learn(taskContext) {
        reset();
        const learning = structureLearning(taskContext, spec, layers);
        const steps = stepCount(taskContext, spec);
        const result = await trainSteps(taskContext, { steps, batch: spec.batch, lrSchedule: lrScheduleOf(taskContext, spec), ...learning });
        learning.finish();
        for (const layer of layers) layer.taskMasks.set(taskContext.task!.name, layer.mask.copy());
        return { steps, diverged: result.diverged };
      },
      use: (task) => { for (const layer of layers) layer.useTaskMask(task); },
      ...(spec.infer ? { infer: (learned) => inferTasks(context.model, layers, learned, spec.infer!, () => context.yieldPoint()) } : {}),
      finish() {
        reset();
        // The tasks' masks are the result; the last task's scores would only weigh down checkpoints
        for (const layer of layers) layer.scores = null;
      },
    });
  },
});
