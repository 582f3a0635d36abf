// `continual-dense`: the baseline that forgets — the shared weights fine-tuned densely on each task in turn, a head per task.
import { learnValues } from '../learning.js';
import { definePhase } from '../phase-kind.js';
import { trainSteps } from '../train-steps.js';
import { checkContinualTasks, continualProperties, runContinual } from './continual-sequence.js';
import { lrScheduleOf, stepCount, trainingProperties } from './training-options.js';


export const continualDensePhase = definePhase({
  kind: 'continual-dense',
  description: 'Learns a sequence of tasks by fine-tuning all the weights on each in turn (a head per task): the catastrophic-forgetting baseline.',
  needsTask: true,
  schema: (ref) => ({ properties: { ...continualProperties, ...trainingProperties(ref) }, required: ['tasks', 'optimizer'] }),
  crossCheck: (phase, _earlier, path, tasks) => checkContinualTasks(phase, path, tasks),
  run(context, spec) {
    return runContinual(context, spec, {
      async learn(taskContext) {
        const params = learnValues(taskContext.model, taskContext.task!.name, 'all');
        const steps = stepCount(taskContext, spec);
        const result = await trainSteps(taskContext, {
          steps, batch: spec.batch, lrSchedule: lrScheduleOf(taskContext, spec),
          groups: [{ optimizer: taskContext.create('optimizer', spec.optimizer), params }],
        });
        return { steps, diverged: result.diverged };
      },
      // One set of weights answers for every task, through the task's head
      use: () => {},
      finish: () => {},
    });
  },
});
