// `sparse-train`: learns weights under a sparse mask — static, or dynamic with drop-and-regrow (SET, RigL).
import { pruneToSparsity, type PruneDistribution } from '../../mask/prune.js';
import { dropAndRegrow } from '../../mask/regrow.js';
import type { PluginReference } from '../../plugin/registry.js';
import { learnValues } from '../learning.js';
import type { PhaseKind } from '../phase-kind.js';
import { trainSteps } from '../train-steps.js';
import { layerName } from './prune.js';
import { layersProperty } from './structure-options.js';
import { stepCount, trainingProperties, type TrainingSpec } from './training-options.js';

interface SparseTrainSpec extends TrainingSpec {
  readonly schedule: PluginReference;
  readonly criterion: PluginReference;
  readonly regrowth?: PluginReference;
  readonly distribution: PruneDistribution;
  readonly layers?: readonly string[];
}

export const sparseTrainPhase: PhaseKind = {
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
  async run(context, phaseSpec) {
    const spec = phaseSpec as SparseTrainSpec;
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
    const importance = (step: number) => layers.map((layer) => criterion.importance(layer, context.rng('criterion', step, layer.name)));
    const updateMask = (step: number) => {
      const removed = pruneToSparsity(layers, importance(step), schedule.sparsityAt(step, steps), {
        scope: criterion.scope, distribution: spec.distribution, structure: 'unstructured',
      }).reduce((a, b) => a + b, 0);
      const fraction = step > 0 ? schedule.dropFraction?.(step, steps) ?? 0 : 0;
      if (rule && fraction > 0) {
        dropAndRegrow(layers, importance(step), fraction, rule, context.rng('regrow', step)).forEach((update, l) => {
          optimizer.resetState(layers[l], update.regrown);
          context.emit({ type: 'regrow', phase: context.phase, step, layer: layerName(layers[l].name), count: update.regrown.length });
        });
      }
      if (removed > 0) {
        const density = Object.fromEntries(layers.map((layer) => [layerName(layer.name), layer.density()]));
        context.emit({ type: 'prune', phase: context.phase, step, target: schedule.sparsityAt(step, steps), removed, density });
      }
    };
    try {
      const result = await trainSteps(context, {
        steps,
        batch: spec.batch,
        groups: [{ optimizer, params }],
        lrSchedule: spec.lrSchedule ? context.create('lr-schedule', spec.lrSchedule) : undefined,
        beforeStep: (step) => {
          if (events.has(step)) updateMask(step);
          for (const layer of layers) layer.denseGrad?.fill(0);
        },
      });
      const kept = layers.reduce((sum, layer) => sum + layer.keptCount(), 0);
      const total = layers.reduce((sum, layer) => sum + layer.size, 0);
      return { steps, diverged: result.diverged, extra: { sparsity: 1 - kept / total } };
    } finally {
      for (const layer of layers) layer.denseGrad = null;
    }
  },
};
