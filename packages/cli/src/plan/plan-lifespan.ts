// What a prepared lifespan will do, worked out without training: each phase's steps, tasks, pruning events and
// evaluations, the weights kept per layer, and a time estimate from the native kernel's cost model.
import { batchesPerEpoch, forwardCosts, memberName, stepsFor, type MaskStats, type PreparedLifespan, type PruningSchedule, type TaskData } from '@ontogeny/core';
import { count } from './format-plan.js';

/** A masked layer: its shape and the weights a phase leaves it (null where learning decides). */
export interface PlannedLayer {
  readonly name: string;
  readonly rows: number;
  readonly cols: number;
  readonly kept: number | null;
}

/** A pruning event of a schedule: its step on the phase's axis (and on the schedule's clock) and the sparsity it prunes to. */
export interface PlannedEvent {
  readonly step: number;
  /** In a prune phase, where the schedule's clock (its `steps` long) is not the phase's axis. */
  readonly scheduleStep?: number;
  readonly sparsity: number;
}

/** Passes over a split: how many, of how many examples each, and what they are. */
export interface PlannedEvaluation {
  readonly passes: number;
  readonly examples: number;
  readonly what: string;
}

export interface PlannedPhase {
  readonly index: number;
  readonly name: string;
  readonly kind: string;
  /** The task it trains or evaluates (for a continual phase: evaluated at its end; it learns `tasks`). */
  readonly task: string | null;
  /** The tasks a continual phase learns in order (a stream's members one by one); empty for other kinds. */
  readonly tasks: readonly string[];
  readonly from: string;
  /** Optimisation steps the phase takes (re-tuning and every task's included), and how they come about. */
  readonly steps: number;
  readonly how: string;
  /** Each schedule's events on the phase's own step axis (prune and sparse-train phases). */
  readonly events: readonly PlannedEvent[];
  /** Its evaluations: during the phase, and the test (and further) splits at its end. */
  readonly evaluations: readonly PlannedEvaluation[];
  readonly layers: readonly PlannedLayer[];
  /** Estimated seconds of the masked layers' products on the native kernel: training, evaluation and task inference. */
  readonly seconds: number;
}

export interface LifespanPlan {
  readonly name: string;
  readonly hash: string;
  readonly seed: number;
  readonly kernel: string;
  /** The spec's tasks; a stream's `members` (its counts are its first member's). */
  readonly tasks: ReadonlyArray<{ readonly name: string; readonly train: number; readonly test: number; readonly classes: number; readonly members: number | null }>;
  readonly parameters: number;
  readonly phases: readonly PlannedPhase[];
  readonly seconds: number;
}

interface PhaseFields {
  readonly name: string;
  readonly kind: string;
  readonly from?: string;
  readonly task?: string;
  readonly steps?: number;
  readonly epochs?: number;
  readonly batch?: number;
  readonly layers?: readonly string[];
  readonly schedule?: { use: string; with?: Record<string, unknown> };
  readonly retune?: { steps: number };
  readonly evaluateEvents?: boolean;
  readonly levels?: number;
  readonly tasks?: readonly string[];
  readonly reevaluate?: 'every-task' | 'at-end';
  readonly retrainSteps?: number;
  readonly infer?: { batch: number; batches: number };
  readonly between?: readonly string[];
  readonly points?: number;
  readonly among?: readonly string[];
  readonly split?: string;
  readonly by?: string;
}

// A training step runs each masked product three times: forward, back to the inputs, and the weight gradient.
const PRODUCTS_PER_STEP = 3;

/** Nanoseconds of one masked layer's forward product at `kept` weights for `batch` rows, by the cost model. */
function productNanoseconds(layer: PlannedLayer, kept: number, batch: number): number {
  const density = kept / Math.max(1, layer.rows * layer.cols);
  // A random mask: a 4×1 block is empty only when its four entries are; a 2:4 group rarely holds the mask.
  const stats: MaskStats = {
    rows: layer.rows, cols: layer.cols, kept,
    blocks4: Math.round((layer.rows / 4) * layer.cols * (1 - (1 - density) ** 4)), worstGroup: density > 0.5 ? 4 : 3,
  };
  return Math.min(...Object.values(forwardCosts(stats, batch)));
}

/** Nanoseconds of one forward pass of `batch` rows through every masked layer, at the mean of the weights kept at the phase's start and end. */
function forwardNanoseconds(start: readonly PlannedLayer[], end: readonly PlannedLayer[], batch: number): number {
  return end.reduce((sum, layer, l) => {
    const keptAtStart = start[l]!.kept ?? layer.rows * layer.cols;
    const keptAtEnd = layer.kept ?? keptAtStart;
    return sum + productNanoseconds(layer, Math.round((keptAtStart + keptAtEnd) / 2), batch);
  }, 0);
}

function stepsOf(phase: PhaseFields, train: number): { steps: number; how: string } {
  const batch = phase.batch ?? 128;
  if (phase.steps !== undefined) return { steps: phase.steps, how: `${phase.steps} steps of ${batch}` };
  if (phase.epochs === undefined) return { steps: 0, how: 'no training' };
  const steps = stepsFor({ epochs: phase.epochs, batch }, train);
  return { steps, how: `${phase.epochs} epochs × ${batchesPerEpoch(batch, train)} batches of ${batch} = ${steps} steps` };
}

/** The tasks a continual phase learns, in order: each named task, a stream as its members. */
function sequenceOf(names: readonly string[], tasks: ReadonlyMap<string, TaskData>): Array<{ name: string; data: TaskData }> {
  return names.flatMap((name) => {
    const data = tasks.get(name)!;
    const members = data.sequence?.length;
    return members === undefined ? [{ name, data }] : Array.from({ length: members }, (_, i) => ({ name: memberName(name, i), data }));
  });
}

/** `names` for a line of text: all of them when few, else the first two, an ellipsis and the last. */
function listed(names: readonly string[]): string {
  return names.length <= 4 ? names.join(', ') : `${names.slice(0, 2).join(', ')}, …, ${names[names.length - 1]}`;
}

/** What a continual phase does: every task's steps, its tests of the tasks learned, and its task inference. */
function continualPlan(phase: PhaseFields, tasks: ReadonlyMap<string, TaskData>) {
  const sequence = sequenceOf(phase.tasks ?? [], tasks);
  const taskCount = sequence.length;
  const first = sequence[0]?.data;
  const perTask = stepsOf(phase, first?.train.count ?? 0);
  const retrain = phase.kind === 'continual-packnet' ? phase.retrainSteps ?? 100 : 0;
  const steps = taskCount * perTask.steps + Math.max(0, taskCount - 1) * retrain;
  const everyTask = (phase.reevaluate ?? 'every-task') === 'every-task';
  // After task i of T: every earlier one (every-task), or task i alone and all of them after the last (at-end)
  const tests = everyTask ? (taskCount * (taskCount + 1)) / 2 : Math.max(0, 2 * taskCount - 1);
  const evaluations: PlannedEvaluation[] = [{
    passes: tests, examples: first?.test.count ?? 0,
    what: everyTask ? 'tests of every task learned so far, after each task' : 'tests of each task after it, and of all after the last',
  }];
  let inference: { batches: number; batch: number; masks: number } | null = null;
  if (phase.infer && first) {
    const size = Math.min(phase.infer.batch, first.test.count);
    inference = { batches: taskCount * Math.min(phase.infer.batches, Math.floor(first.test.count / Math.max(1, size))), batch: size, masks: taskCount };
  }
  const how = `${taskCount} tasks (${listed(sequence.map((task) => task.name))}) × ${perTask.how}`
    + `${retrain > 0 ? `, then ${retrain} re-training steps for each but the last` : ''} = ${count(steps)} steps`
    + `${inference ? `; task inference over ${count(inference.batches)} batches of ${inference.batch}, each under all ${taskCount} masks` : ''}`;
  return { sequence: sequence.map((task) => task.name), steps, how, evaluations, inference };
}

/** Works out the plan of `prepared`: nothing is trained, the schedules are only asked for their events. */
export function planLifespan(prepared: PreparedLifespan): LifespanPlan {
  const { spec, model, tasks } = prepared;
  const shapes = model.maskedParameters().map((parameter) => ({
    name: parameter.name.replace(/\.weight$/, ''), rows: parameter.rows, cols: parameter.cols,
  }));
  const birth = shapes.map((shape) => ({ ...shape, kept: shape.rows * shape.cols as number | null }));
  const ends = new Map<string, PlannedLayer[]>();
  let previous = birth;
  let previousTask: string | null = null;
  const phases = (spec.phases as unknown as PhaseFields[]).map((phase, index): PlannedPhase => {
    const start = phase.from === '@birth' ? birth : phase.from !== undefined ? ends.get(phase.from) ?? previous : previous;
    const task = phase.task ?? previousTask;
    const data = task === null ? undefined : tasks.get(task);
    const batch = phase.batch ?? 128;
    let { steps, how } = stepsOf(phase, data?.train.count ?? 0);
    let events: PlannedEvent[] = [];
    let layers: PlannedLayer[] = start;
    let sequence: string[] = [];
    const evaluations: PlannedEvaluation[] = [];
    let inferenceNanoseconds = 0;
    if (phase.schedule !== undefined) {
      const schedule = prepared.create('schedule', phase.schedule) as PruningSchedule;
      const total = phase.steps ?? steps;
      const retune = phase.retune?.steps ?? 0;
      events = schedule.events(total).map((step, k) => ({
        sparsity: schedule.sparsityAt(step, total),
        // A prune phase's axis counts its re-tuning steps; an event comes after those of the events before it
        ...(phase.kind === 'prune' ? { step: k * retune, scheduleStep: step } : { step }),
      }));
      const final = events.length > 0 ? events[events.length - 1]!.sparsity : 0;
      const scope = phase.layers;
      layers = start.map((layer) => (scope === undefined || scope.includes(layer.name)
        ? { ...layer, kept: Math.round((1 - final) * layer.rows * layer.cols) } : layer));
      if (phase.kind === 'prune') {
        steps = events.length * retune;
        how = `${events.length} pruning events over ${total} schedule steps, ${retune} re-tuning steps after each = ${steps} steps`;
        if (phase.evaluateEvents) evaluations.push({ passes: events.length, examples: data?.test.count ?? 0, what: 'tests after each pruning event' });
      }
    } else if (phase.kind === 'finetune-mask' || phase.kind === 'continual-mask') {
      layers = start.map((layer) => ({ ...layer, kept: null }));
    }
    if (phase.levels !== undefined) {
      steps *= phase.levels + 1;
      how = `${phase.levels + 1} levels × ${how}`;
      evaluations.push({ passes: phase.levels, examples: data?.test.count ?? 0, what: 'tests after each level' });
    }
    if (phase.tasks !== undefined) {
      const continual = continualPlan(phase, tasks);
      ({ steps, how } = continual);
      sequence = continual.sequence;
      evaluations.push(...continual.evaluations);
      if (continual.inference) {
        const { batches, batch: rows, masks } = continual.inference;
        // Each batch: the entropy gradient through the superposed masks, then a forward pass under every mask
        inferenceNanoseconds = batches * (PRODUCTS_PER_STEP + masks) * forwardNanoseconds(start, layers, rows);
      }
    }
    if (phase.points !== undefined && phase.between !== undefined) {
      const split = phase.split ?? 'test';
      how = `no training: ${phase.points} points on the line from "${phase.between[0]}" to "${phase.between[1]}", each evaluated on the ${split} split`;
      evaluations.push({ passes: phase.points, examples: (split === 'train' ? data?.train.count : data?.test.count) ?? 0, what: `${split} passes along the path` });
    }
    if (phase.among !== undefined) {
      const split = phase.split ?? 'dev';
      how = `no training: ${phase.among.length} candidates (${listed(phase.among)}) compared by ${split} ${phase.by ?? 'accuracy'}; continues from the best`;
      evaluations.push({ passes: phase.among.length, examples: data?.evaluationSplits?.[split]?.count ?? 0, what: `${split} passes, one per candidate` });
    }
    if (data) {
      evaluations.push({ passes: 1, examples: data.test.count, what: `${task} test at the end` });
      for (const [split, examples] of Object.entries(data.evaluationSplits ?? {})) evaluations.push({ passes: 1, examples: examples.count, what: `${task} ${split} at the end` });
    }
    const evaluationBatch = spec.evaluationBatch;
    const evaluatedBatches = evaluations.reduce((sum, e) => sum + e.passes * Math.ceil(e.examples / evaluationBatch), 0);
    const nanoseconds = forwardNanoseconds(start, layers, batch) * PRODUCTS_PER_STEP * steps
      + forwardNanoseconds(start, layers, evaluationBatch) * evaluatedBatches + inferenceNanoseconds;
    ends.set(phase.name, layers);
    previous = layers;
    previousTask = task;
    return {
      index: index + 1, name: phase.name, kind: phase.kind, task, tasks: sequence,
      from: phase.from ?? (index === 0 ? '@birth' : spec.phases[index - 1]!.name),
      steps, how, events, evaluations, layers, seconds: nanoseconds / 1e9,
    };
  });
  return {
    name: spec.name, hash: prepared.hash, seed: spec.seed, kernel: prepared.kernel.name,
    tasks: [...tasks].map(([name, data]) => ({ name, train: data.train.count, test: data.test.count, classes: data.classes, members: data.sequence?.length ?? null })),
    parameters: shapes.reduce((sum, shape) => sum + shape.rows * shape.cols, 0),
    phases,
    seconds: phases.reduce((sum, phase) => sum + phase.seconds, 0),
  };
}
