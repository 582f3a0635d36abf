// `lottery`: iterative magnitude pruning with rewinding (Frankle & Carbin 2019; Frankle et al. 2020) in one phase.
import { evaluate } from '../evaluate.js';
import { learnValues } from '../learning.js';
import { definePhase } from '../phase-kind.js';
import { pruneAndReport, sparsityOf } from '../pruning.js';
import { rewindWeights, saveWeights } from '../rewind.js';
import { trainSteps } from '../train-steps.js';
import { layersProperty } from './structure-options.js';
import { lrScheduleOf, stepCount, trainingProperties } from './training-options.js';


export const lotteryPhase = definePhase({
  kind: 'lottery',
  description: 'Iterative magnitude pruning with rewinding: train, remove a fraction of what remains, rewind the survivors to step k, repeat; then train the ticket.',
  needsTask: true,
  schema: (ref) => ({
    properties: {
      ...trainingProperties(ref),
      levels: { type: 'integer', minimum: 1, maximum: 100, default: 5, description: 'Pruning levels; the ticket is trained once more after the last.' },
      fraction: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.2, description: 'Fraction of the remaining connections removed per level (density 0.8^level at 0.2).' },
      criterion: ref('criterion'),
      rewindTo: { type: 'integer', minimum: 0, default: 0, description: 'The step k of the first level whose weights the survivors are rewound to (0: the initialisation).' },
      reinit: { type: 'boolean', default: false, description: 'The control: re-draw random weights of the same range at each level instead of rewinding.' },
      layers: layersProperty,
    },
    required: ['optimizer', 'criterion'],
  }),
  async run(context, spec) {
    const task = context.task!;
    const layers = context.layers(spec.layers);
    const criterion = context.create('criterion', spec.criterion);
    const params = learnValues(context.model, task.name, 'all');
    const steps = stepCount(context, spec);
    if (spec.rewindTo >= steps) throw new Error(`lottery: rewindTo ${spec.rewindTo} is past the ${steps} steps of a level`);
    // Saved at step rewindTo of level 0, before the first rewind (a level that diverges ends the phase); kept in
    // the context's rewind points, which checkpoints hold, so a resumed run finds it too
    const label = `${context.phase}@${spec.rewindTo}`;
    for (let level = 0; level <= spec.levels; level++) {
      const result = await trainSteps(context, {
        steps,
        batch: spec.batch,
        firstStep: level * steps,
        totalSteps: (spec.levels + 1) * steps,
        // A fresh optimiser per level, as the ticket is trained from its rewound weights.
        groups: [{ optimizer: context.create('optimizer', spec.optimizer), params }],
        lrSchedule: lrScheduleOf(context, spec),
        beforeStep: (step) => {
          // Also for a later `rewind` phase, e.g. the re-initialisation control of the final ticket
          if (level === 0 && step === spec.rewindTo) context.saved.set(label, saveWeights(context.model));
        },
      });
      if (result.diverged) return { steps: (level + 1) * steps, diverged: true };
      if (level === spec.levels) break;
      const metrics = evaluate(context.model, task.name, task.data, task.data.test, context.evaluationBatch);
      context.emit({ type: 'evaluate', phase: context.phase, step: (level + 1) * steps, task: task.name, split: 'test', metrics });
      pruneAndReport(context, layers, criterion, 1 - (1 - spec.fraction) ** (level + 1), (level + 1) * steps,
        { distribution: 'uniform', structure: 'unstructured' });
      rewindWeights(context.model, context.saved.get(label)!, spec.reinit, (name) => context.rng('reinit', level, name));
    }
    return { steps: (spec.levels + 1) * steps, diverged: false, extra: { sparsity: sparsityOf(layers) } };
  },
});
