// The loop every continual phase shares: learn the tasks in order, re-evaluate the earlier ones, fill the accuracy matrix R.
import type { TaskData } from '../../plugin/contracts/task.js';
import type { SpecPartOf } from '../../plugin/options-type.js';
import { Rng } from '../../tensor/rng.js';
import { evaluate } from '../evaluate.js';
import type { PhaseContext, PhaseOutcome } from '../phase-kind.js';
import { offsetSteps } from '../step-offset.js';
import { continualFigures, type ContinualResult, type TaskInference } from './continual-result.js';
import { checkTaskNames, sequenceTasks } from './continual-tasks.js';


/** A task of the sequence once learned: its name and the data it is tested on (the training split is let go). */
export interface LearnedTask {
  readonly name: string;
  readonly data: TaskData;
}

/** How one continual method learns a task and answers for one learned earlier. */
export interface ContinualMethod {
  /** Learns task `index` of `count` through `context`, whose task is it (its head is fresh). */
  learn(context: PhaseContext, index: number, count: number): Promise<{ steps: number; diverged: boolean }>;
  /** Sets the network up to answer for `task`, learned earlier (its own mask, when the method keeps one). */
  use(task: string): void;
  /** Once every task is learned and measured: task inference over them, when the method offers it. */
  infer?(tasks: readonly LearnedTask[]): Promise<TaskInference>;
  /** Leaves the network for the phases after this one. */
  finish(): void;
}

export const continualProperties = {
  tasks: {
    type: 'array', items: { type: 'string' }, minItems: 1,
    description: 'The tasks to learn one after another, by name in `tasks`; a stream task (permuted, rotated, class-split) stands for all its members, `<task>/0`, `<task>/1`, ….',
  },
  reevaluate: {
    enum: ['every-task', 'at-end'], default: 'every-task',
    description: "'every-task': after each task, test every earlier one (the whole accuracy matrix); 'at-end': each task right after learning it and all of them after the last (for long streams).",
  },
} as const;

export type ContinualSpec = SpecPartOf<typeof continualProperties, ['tasks']>;

/** The cross-check of `tasks`: names of the spec's tasks. */
export function checkContinualTasks(phase: ContinualSpec, path: string, known: readonly string[]): string[] {
  return checkTaskNames(phase.tasks, known, path);
}

/** Runs `method` over the phase's sequence of tasks and returns the outcome with its accuracy matrix. */
export async function runContinual(context: PhaseContext, spec: ContinualSpec, method: ContinualMethod): Promise<PhaseOutcome> {
  const sequence = sequenceTasks(context.tasks, spec.tasks);
  const learned: LearnedTask[] = [];
  const accuracy: Array<Array<number | null>> = [];
  let steps = 0;
  let diverged = false;
  const measure = (task: LearnedTask): number => {
    method.use(task.name);
    const metrics = evaluate(context.model, task.name, task.data, task.data.test, context.evaluationBatch);
    context.emit({ type: 'evaluate', phase: context.phase, step: steps, task: task.name, split: 'test', metrics });
    return metrics.accuracy!;
  };
  for (const [index, task] of sequence.entries()) {
    const data = task.data();
    const { model } = context;
    if (model.headNames().includes(task.name)) model.removeHead(task.name);
    // Seeded by the task's name alone, so every method starts each task from the same head
    model.addHead(task.name, data.classes, data.headKind, Rng.derive(context.seed, 'head', task.name));
    // Each task's loops count from zero; its events follow the earlier tasks' steps on the phase's axis
    const result = await method.learn(offsetSteps(withTask(context, task.name, data), steps), index, sequence.length);
    steps += result.steps;
    learned.push({ name: task.name, data: { ...data, train: { inputs: new Float32Array(0), labels: new Int32Array(0), count: 0 } } });
    if (result.diverged) {
      diverged = true;
      break;
    }
    const last = index === sequence.length - 1;
    const row = learned.map((earlier, j) => (j === index || last || spec.reevaluate === 'every-task' ? measure(earlier) : null));
    accuracy.push(row);
  }
  const inference = !diverged && method.infer ? await method.infer(learned) : undefined;
  const continual: ContinualResult | undefined = diverged ? undefined : {
    tasks: learned.map((task) => task.name),
    accuracy,
    ...continualFigures(accuracy),
    ...(inference ? { inference } : {}),
  };
  method.finish();
  return { steps, diverged, ...(continual ? { continual, extra: continualExtra(continual) } : {}) };
}

/** The matrix's figures and the inference results as the phase's extra figures (what studies aggregate and claim on). */
function continualExtra(result: ContinualResult): Record<string, number> {
  const extra: Record<string, number> = { averageAccuracy: result.averageAccuracy };
  if (result.backwardTransfer !== null) extra.backwardTransfer = result.backwardTransfer;
  if (result.forgetting !== null) extra.forgetting = result.forgetting;
  for (const [method, found] of Object.entries(result.inference?.methods ?? {})) {
    extra[`${method}:taskAccuracy`] = found.taskAccuracy;
    extra[`${method}:accuracy`] = found.accuracy;
  }
  return extra;
}

/**
 * The phase's context with `name` as its task, and random streams of its own (score init, mask sampling). Its
 * training loops write no progress checkpoints: the accuracy matrix holds tests of the network as it was after
 * each earlier task, which no checkpoint keeps, so a resumed run repeats a continual phase from its start.
 */
function withTask(context: PhaseContext, name: string, data: TaskData): PhaseContext {
  return {
    ...context,
    task: { name, data },
    rng: (...parts) => context.rng(name, ...parts),
    startTraining: () => ({ skip: false, step: null, noise: null }),
    yieldPoint: () => context.yieldPoint(),
  };
}
