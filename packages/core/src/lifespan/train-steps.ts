// The training loop shared by every learning phase: batch, forward, loss, backward, hooks, optimiser steps.
import type { Parameter } from '../nn/parameter.js';
import { softmaxCrossEntropy } from '../nn/softmax-cross-entropy.js';
import { Workspace } from '../nn/workspace.js';
import type { Optimizer } from '../plugin/contracts/optimizer.js';
import { inputWidth } from '../plugin/contracts/task.js';
import type { LearningRateSchedule } from '../plugin/kinds.js';
import { Rng } from '../tensor/rng.js';
import { BatchSampler } from './batches.js';
import type { PhaseContext } from './phase-kind.js';

/** One optimiser and the parameters it steps. */
export interface OptimizerGroup {
  readonly optimizer: Optimizer;
  readonly params: readonly Parameter[];
}

export interface TrainOptions {
  readonly steps: number;
  readonly batch: number;
  /** Steps already taken in this phase: data order and the lr schedule continue from here. */
  readonly firstStep?: number;
  /** The phase's whole length, for the lr schedule. */
  readonly totalSteps?: number;
  readonly groups: readonly OptimizerGroup[];
  readonly lrSchedule?: LearningRateSchedule;
  /** Before each forward pass (a mask learner sets the mask from the scores). */
  readonly beforeStep?: (step: number) => void;
  /** After each backward pass, before the optimiser (straight-through adjustments, criteria that accumulate). */
  readonly afterBackward?: (step: number) => void;
}

export interface TrainResult {
  readonly diverged: boolean;
  readonly lastLoss: number;
}

/** Runs `steps` optimisation steps on the context's task. Stops at the first non-finite loss and reports it. */
export async function trainSteps(context: PhaseContext, options: TrainOptions): Promise<TrainResult> {
  const task = context.task;
  if (!task) throw new Error(`phase ${context.phase}: training needs a task`);
  const data = task.data;
  const width = inputWidth(data.input);
  const start = context.startTraining();
  // A resumed run's checkpoint already holds what this loop did
  if (start.skip) return { diverged: false, lastLoss: NaN };
  const sampler = new BatchSampler(data.train, width, data.labelsPerExample, options.batch, context.seed, context.phase,
    context.kernel);
  const first = options.firstStep ?? 0;
  const total = options.totalSteps ?? first + options.steps;
  const begin = start.step ?? first;
  const noiseRng = start.noise ? Rng.fromState(start.noise) : context.rng('step-disorder');
  for (const group of options.groups) for (const parameter of group.params) parameter.zeroGrad();
  const lossGrads = new Workspace(); // dL/dlogits, rewritten each step rather than reallocated
  let lastLoss = NaN;
  for (let step = begin; step < first + options.steps; step++) {
    await context.yieldPoint(step > begin ? { step, noise: noiseRng.state() } : undefined);
    options.beforeStep?.(step);
    sampler.load(step);
    const logits = context.model.forward(sampler.inputs, task.name, { training: true });
    const { loss, dLogits } = softmaxCrossEntropy(logits, sampler.labels, lossGrads.tensor(logits.rows, logits.cols), context.kernel);
    lastLoss = loss;
    if (!Number.isFinite(loss)) {
      context.emit({ type: 'diverged', phase: context.phase, step, loss });
      return { diverged: true, lastLoss: loss };
    }
    context.model.backward(dLogits);
    options.afterBackward?.(step);
    let lrFactor = options.lrSchedule ? options.lrSchedule.factor(step, total) : 1;
    for (const { disorder, target } of context.stepDisorders) {
      lrFactor *= disorder.perturbStep?.(step, target, noiseRng).lrFactor ?? 1;
    }
    for (const group of options.groups) {
      group.optimizer.step(group.params, group.optimizer.learningRate * lrFactor);
      for (const parameter of group.params) parameter.zeroGrad();
    }
    if ((step + 1) % context.logEvery === 0 || step === first + options.steps - 1) {
      const lr = (options.groups[0]?.optimizer.learningRate ?? 0) * lrFactor;
      context.emit({ type: 'step', phase: context.phase, step: step + 1, steps: total, loss, lr });
    }
    if (context.during && (step + 1) % context.during.every === 0) context.during.apply(step + 1);
    context.observeStep(step + 1);
  }
  return { diverged: false, lastLoss };
}
