// `sparse-train`: learns weights under a sparse mask — static, or dynamic with drop-and-regrow (SET, RigL).
import { dropAndRegrow } from '../../mask/regrow.js';
import { learnValues } from '../learning.js';
import { definePhase } from '../phase-kind.js';
import { importanceOf, layerName, pruneAndReport, sparsityOf } from '../pruning.js';
import { trainSteps } from '../train-steps.js';
import { layersProperty } from './structure-options.js';
import { lrScheduleOf, stepCount, trainingProperties } from './training-options.js';


export const sparseTrainPhase = definePhase({
  kind: 'sparse-train',
  description: 'Trains the weights under a sparse mask: the schedule sets the sparsity; with a regrowth rule, each event also drops a fraction by the criterion and regrows as many (SET, RigL).',
  needsTask: true,
  schema: (ref) => ({
    properties: {
      ...trainingProperties(ref),
      schedule: ref('schedule'),
      criterion: ref('criterion'),
      regrowth: ref('regrowth'),
      distribution: { enum: ['uniform', 'erk'], default: 'uniform', description: 'How the sparsity is shared among layers: the same in each, or Erdős–Rényi-Kernel.' },
      layers: layersProperty,
    },
    required: ['optimizer', 'schedule', 'criterion'],
  }),
  async run(context, spec) {
    const task = context.task!;
    const layers = context.layers(spec.layers);
    const schedule = context.create('schedule', spec.schedule);
    const criterion = context.create('criterion', spec.criterion);
    const rule = spec.regrowth ? context.create('regrowth', spec.regrowth) : null;
    const optimizer = context.create('optimizer', spec.optimizer);
    const params = learnValues(context.model, task.name, 'all');
    const steps = stepCount(context, spec);
    const events = new Set(schedule.events(steps));
    // RigL ranks missing connections by the dense gradient of the batch before the update.
    for (const layer of layers) layer.denseGrad = rule?.needsDenseGrad ? new Float32Array(layer.size) : null;
    const updateMask = (step: number) => {
      // One ranking for both: removing connections changes no value or score, and the streams are named by the step
      const importance = importanceOf(context, criterion, layers, step);
      pruneAndReport(context, layers, criterion, schedule.sparsityAt(step, steps), step,
        { distribution: spec.distribution, structure: 'unstructured' }, { always: false, importance });
      const fraction = step > 0 ? schedule.dropFraction?.(step, steps) ?? 0 : 0;
      if (!rule || fraction === 0) return;
      dropAndRegrow(layers, importance, fraction, rule, context.rng('regrow', step)).forEach((update, l) => {
        optimizer.resetState(layers[l], update.regrown);
        context.emit({ type: 'regrow', phase: context.phase, step, layer: layerName(layers[l].name), count: update.regrown.length });
      });
    };
    try {
      const result = await trainSteps(context, {
        steps,
        batch: spec.batch,
        groups: [{ optimizer, params }],
        lrSchedule: lrScheduleOf(context, spec),
        beforeStep: (step) => {
          if (events.has(step)) updateMask(step);
          for (const layer of layers) layer.denseGrad?.fill(0);
        },
      });
      return { steps, diverged: result.diverged, extra: { sparsity: sparsityOf(layers) } };
    } finally {
      for (const layer of layers) layer.denseGrad = null;
    }
  },
});
