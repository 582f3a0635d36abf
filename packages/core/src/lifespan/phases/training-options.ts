// Options shared by the phases that train: length (epochs or steps), batch size, optimiser, learning-rate schedule.
import { MAX_STEPS } from '../../spec/limits.js';
import type { LearningRateSchedule } from '../../plugin/kinds.js';
import type { SpecPartOf } from '../../plugin/options-type.js';
import type { PhaseContext, PluginRefSchema } from '../phase-kind.js';

/** The training options every phase kind that trains has. */
export type TrainingSpec = SpecPartOf<ReturnType<typeof trainingProperties>, ['optimizer']>;

export function trainingProperties(ref: PluginRefSchema) {
  return {
    epochs: { type: 'number', exclusiveMinimum: 0, default: 1, description: 'Passes over the training split (ignored when steps is given).' },
    steps: { type: 'integer', minimum: 1, maximum: MAX_STEPS, description: 'Optimisation steps; overrides epochs.' },
    batch: { type: 'integer', minimum: 1, default: 128, description: 'Examples per step.' },
    optimizer: ref('optimizer'),
    lrSchedule: ref('lr-schedule'),
  } as const;
}

/** The phase's learning-rate schedule, created afresh from the spec (none when it names none). */
export function lrScheduleOf(context: PhaseContext, spec: TrainingSpec): LearningRateSchedule | undefined {
  return spec.lrSchedule ? context.create('lr-schedule', spec.lrSchedule) : undefined;
}

/** The phase's length in steps: `steps`, or `epochs` whole passes over the training split. */
export function stepCount(context: PhaseContext, spec: TrainingSpec): number {
  return stepsFor(spec, context.task?.data.train.count ?? 0);
}

/** Whole batches in one pass over `trainCount` examples (at least one). */
export function batchesPerEpoch(batch: number, trainCount: number): number {
  return Math.max(1, Math.floor(trainCount / Math.min(batch, Math.max(trainCount, 1))));
}

/** `steps` when given, else `epochs` passes of `batch` over `trainCount` examples: how long a training phase is. */
export function stepsFor(spec: Pick<TrainingSpec, 'steps' | 'epochs' | 'batch'>, trainCount: number): number {
  if (spec.steps !== undefined) return spec.steps;
  return Math.max(1, Math.round(spec.epochs * batchesPerEpoch(spec.batch, trainCount)));
}
