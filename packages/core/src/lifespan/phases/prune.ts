// `prune`: aging — a schedule removes connections for good by a criterion, with structural re-tuning after each event.
import { MAX_STEPS } from '../../spec/limits.js';
import { evaluate } from '../evaluate.js';
import { freezeAll } from '../learning.js';
import { pruneAndReport, sparsityOf } from '../pruning.js';
import { definePhase } from '../phase-kind.js';
import { trainSteps } from '../train-steps.js';
import { layersProperty, structureLearning, structureProperties } from './structure-options.js';



export const prunePhase = definePhase({
  kind: 'prune',
  description: 'Removes connections for good on a schedule, by a criterion, re-tuning the mask for a few steps after each event.',
  needsTask: true,
  schema: (ref) => ({
    properties: {
      steps: { type: 'integer', minimum: 0, maximum: MAX_STEPS, default: 1000, description: "The schedule's length on its own clock (its `end` by default); the phase takes `retune.steps` optimisation steps per event." },
      batch: { type: 'integer', minimum: 1, default: 128, description: 'Examples per re-tuning step.' },
      schedule: ref('schedule'),
      criterion: ref('criterion'),
      distribution: { enum: ['uniform', 'erk'], default: 'uniform', description: 'How the target sparsity is shared among layers: the same in each, or Erdős–Rényi-Kernel.' },
      structure: { enum: ['unstructured', 'block-4x1', 'nm-2:4'], default: 'unstructured', description: 'Remove single connections, 4×1 blocks (4 outputs × 1 input), or keep 2 of every 4 inputs (N:M).' },
      layers: layersProperty,
      retune: {
        type: 'object', additionalProperties: false,
        description: 'Structural re-tuning after each pruning event: a few steps of mask learning.',
        properties: {
          steps: { type: 'integer', minimum: 0, maximum: MAX_STEPS, default: 50, description: 'Mask-learning steps after each event.' },
          ...structureProperties(ref),
        },
        required: ['learner', 'optimizer'],
      },
      evaluateEvents: { type: 'boolean', default: false, description: 'Evaluate on the test split after each event (an aging curve).' },
    },
    required: ['schedule', 'criterion'],
  }),
  async run(context, spec) {
    const task = context.task!;
    const layers = context.layers(spec.layers);
    const schedule = context.create('schedule', spec.schedule);
    const criterion = context.create('criterion', spec.criterion);
    const observe = criterion.observe ? () => { for (const layer of layers) criterion.observe!(layer); } : undefined;
    const retune = spec.retune && spec.retune.steps > 0 ? spec.retune : null;
    const learning = retune ? structureLearning(context, retune, layers, observe) : null;
    if (!learning) freezeAll(context.model);
    const events = schedule.events(spec.steps);
    // The phase's step axis counts its optimisation (re-tuning) steps; each event lies at the step it happens,
    // its schedule's clock kept as `scheduleStep` (the criterion's random streams are named by it)
    let trained = 0;
    let diverged = false;
    for (const scheduleStep of events) {
      await context.yieldPoint();
      pruneAndReport(context, layers, criterion, schedule.sparsityAt(scheduleStep, spec.steps), trained, spec, { scheduleStep });
      if (learning && retune) {
        const result = await trainSteps(context, {
          ...learning, steps: retune.steps, batch: spec.batch, firstStep: trained, totalSteps: events.length * retune.steps,
        });
        trained += retune.steps;
        if (result.diverged) {
          diverged = true;
          break;
        }
      }
      if (spec.evaluateEvents) {
        const measure = () => evaluate(context.model, task.name, task.data, task.data.test, context.evaluationBatch);
        const metrics = learning ? learning.withFinalMask(measure) : measure();
        context.emit({ type: 'evaluate', phase: context.phase, step: trained, task: task.name, split: 'test', metrics });
      }
    }
    learning?.finish();
    return { steps: trained, diverged, extra: { sparsity: sparsityOf(layers) } };
  },
});
