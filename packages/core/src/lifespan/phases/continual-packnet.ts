// `continual-packnet`: PackNet (Mallya & Lazebnik 2018) — each task trains the weights still free, keeps its share by magnitude, frees the rest.
import { BitMask } from '../../mask/bit-mask.js';
import type { MaskedParameter } from '../../mask/masked-parameter.js';
import { markLargest } from '../../mask/select.js';
import { learnValues } from '../learning.js';
import { definePhase, type PhaseContext } from '../phase-kind.js';
import { offsetSteps } from '../step-offset.js';
import { trainSteps } from '../train-steps.js';
import { checkContinualTasks, continualProperties, runContinual } from './continual-sequence.js';
import { layersProperty } from './structure-options.js';
import { lrScheduleOf, stepCount, trainingProperties, type TrainingSpec } from './training-options.js';

/**
 * One layer's bookkeeping: `owned` holds the weights earlier tasks kept (frozen from then on), and `start` the mask
 * the phase began with (the weights PackNet may hand out).
 */
interface Packing {
  readonly layer: MaskedParameter;
  readonly start: BitMask;
  readonly owned: BitMask;
}

export const continualPacknetPhase = definePhase({
  kind: 'continual-packnet',
  description: 'PackNet: each task trains the weights no earlier task kept, keeps its share of them by magnitude (the rest are zeroed and freed), re-trains briefly and freezes them; the body\'s other parameters learn on the first task only.',
  needsTask: true,
  schema: (ref) => ({
    properties: {
      ...continualProperties, ...trainingProperties(ref), layers: layersProperty,
      keep: {
        type: 'number', exclusiveMinimum: 0, maximum: 1,
        description: 'Fraction of the free weights each task keeps (the last task keeps all that remain); default: an equal share, 1/(T − i) of the free weights for task i of T.',
      },
      retrainSteps: { type: 'integer', minimum: 0, default: 100, description: 'Steps of re-training the kept weights after each task\'s pruning.' },
    },
    required: ['tasks', 'optimizer'],
  }),
  crossCheck: (phase, _earlier, path, tasks) => checkContinualTasks(phase, path, tasks),
  run(context, spec) {
    const packings: Packing[] = context.layers(spec.layers).map((layer) => ({ layer, start: layer.mask.copy(), owned: new BitMask(layer.size) }));
    return runContinual(context, spec, {
      async learn(taskContext, index, count) {
        for (const { layer, start } of packings) layer.setMask(start);
        const free = packings.map(({ start, owned }) => { const mask = start.copy(); mask.andNot(owned); return mask; });
        let result = await train(taskContext, spec, packings, free, stepCount(taskContext, spec), index === 0);
        let steps = stepCount(taskContext, spec);
        const last = index === count - 1;
        const kept = last ? free : packings.map((packing, k) => keepLargest(packing.layer, free[k]!, spec.keep ?? 1 / (count - index)));
        if (!last && !result.diverged) {
          packings.forEach(({ layer, owned }, k) => {
            const released = free[k]!.copy();
            released.andNot(kept[k]!);
            zeroAt(layer, released);
            const next = owned.copy();
            next.or(kept[k]!);
            layer.setMask(next);
          });
          if (spec.retrainSteps > 0) {
            result = await train(offsetSteps(taskContext, steps), spec, packings, kept, spec.retrainSteps, index === 0);
            steps += spec.retrainSteps;
          }
        }
        packings.forEach(({ layer, owned }, k) => {
          owned.or(kept[k]!);
          layer.setMask(owned);
          layer.taskMasks.set(taskContext.task!.name, owned.copy());
        });
        return { steps, diverged: result.diverged };
      },
      use: (task) => { for (const { layer } of packings) layer.useTaskMask(task); },
      // Left with every task's weights: the union of what they kept
      finish: () => { for (const { layer, owned } of packings) layer.setMask(owned); },
    });
  },
});

/**
 * Trains the weights in `trainable` (and the task's head; the body's other parameters on the first task only).
 * The weights earlier tasks own get no gradient and are put back afterwards, so no optimiser (weight decay
 * included) can move them.
 */
async function train(context: PhaseContext, spec: TrainingSpec, packings: readonly Packing[], trainable: readonly BitMask[],
  steps: number, first: boolean): Promise<{ diverged: boolean }> {
  const task = context.task!.name;
  const params = learnValues(context.model, task, first ? 'all' : 'head');
  for (const { layer } of packings) {
    layer.learning = 'values';
    layer.requiresGrad = true;
    if (!params.includes(layer)) params.push(layer);
  }
  const frozen = packings.map(({ layer }) => layer.values.slice());
  const result = await trainSteps(context, {
    steps, batch: spec.batch, lrSchedule: lrScheduleOf(context, spec),
    groups: [{ optimizer: context.create('optimizer', spec.optimizer), params }],
    afterBackward: () => packings.forEach(({ layer }, k) => zeroOutside(layer.grad, trainable[k]!)),
  });
  packings.forEach(({ layer }, k) => {
    const values = layer.values;
    const keep = trainable[k]!;
    for (let i = 0; i < values.length; i++) if (!keep.get(i)) values[i] = frozen[k]![i]!;
    layer.touch();
  });
  return result;
}

/** The `fraction` of the entries of `candidates` with the largest |w| (at least one when there are any). */
function keepLargest(layer: MaskedParameter, candidates: BitMask, fraction: number): BitMask {
  const magnitudes = layer.values.map(Math.abs);
  const count = candidates.count();
  const chosen = new Uint8Array(layer.size);
  markLargest(magnitudes, layer.size, Math.max(1, Math.round(count * fraction)), (i) => candidates.get(i), new Float32Array(layer.size), chosen);
  return BitMask.from(layer.size, (i) => chosen[i] === 1);
}

function zeroOutside(grad: Float32Array, keep: BitMask): void {
  for (let i = 0; i < grad.length; i++) if (!keep.get(i)) grad[i] = 0;
}

function zeroAt(layer: MaskedParameter, entries: BitMask): void {
  for (let i = 0; i < layer.size; i++) if (entries.get(i)) layer.values[i] = 0;
  layer.touch();
}
