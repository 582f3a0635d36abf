// What a prepared lifespan will do, worked out without training: each phase's steps and pruning events, the
// weights kept per layer, and a time estimate from the native kernel's cost model.
import { batchesPerEpoch, forwardCosts, stepsFor, type MaskStats, type PreparedLifespan, type PruningSchedule } from '@ontogeny/core';

/** A masked layer: its shape and the weights a phase leaves it (null where learning decides). */
export interface PlannedLayer {
  readonly name: string;
  readonly rows: number;
  readonly cols: number;
  readonly kept: number | null;
}

/** A pruning event of a schedule: the step on the schedule's axis and the sparsity it prunes to. */
export interface PlannedEvent {
  readonly step: number;
  readonly sparsity: number;
}

export interface PlannedPhase {
  readonly index: number;
  readonly name: string;
  readonly kind: string;
  readonly task: string | null;
  readonly from: string;
  /** Optimisation steps the phase takes (re-tuning included), and how they come about. */
  readonly steps: number;
  readonly how: string;
  /** Each schedule's events on the phase's own step axis (prune and sparse-train phases). */
  readonly events: readonly PlannedEvent[];
  readonly layers: readonly PlannedLayer[];
  /** Estimated seconds of the masked layers' products on the native kernel. */
  readonly seconds: number;
}

export interface LifespanPlan {
  readonly name: string;
  readonly hash: string;
  readonly seed: number;
  readonly kernel: string;
  readonly tasks: ReadonlyArray<{ readonly name: string; readonly train: number; readonly test: number; readonly classes: number }>;
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
  readonly levels?: number;
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

function stepsOf(phase: PhaseFields, train: number): { steps: number; how: string } {
  const batch = phase.batch ?? 128;
  if (phase.steps !== undefined) return { steps: phase.steps, how: `${phase.steps} steps of ${batch}` };
  if (phase.epochs === undefined) return { steps: 0, how: 'no training' };
  const steps = stepsFor({ epochs: phase.epochs, batch }, train);
  return { steps, how: `${phase.epochs} epochs × ${batchesPerEpoch(batch, train)} batches of ${batch} = ${steps} steps` };
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
    if (phase.schedule !== undefined) {
      const schedule = prepared.create('schedule', phase.schedule) as PruningSchedule;
      const total = phase.steps ?? steps;
      events = schedule.events(total).map((step) => ({ step, sparsity: schedule.sparsityAt(step, total) }));
      const final = events.length > 0 ? events[events.length - 1]!.sparsity : 0;
      const scope = phase.layers;
      layers = start.map((layer) => (scope === undefined || scope.includes(layer.name)
        ? { ...layer, kept: Math.round((1 - final) * layer.rows * layer.cols) } : layer));
      if (phase.kind === 'prune') {
        const retune = phase.retune?.steps ?? 0;
        steps = events.length * retune;
        how = `${events.length} pruning events over ${total} schedule steps, ${retune} re-tuning steps after each = ${steps} steps`;
      }
    } else if (phase.kind === 'finetune-mask') {
      layers = start.map((layer) => ({ ...layer, kept: null }));
    }
    if (phase.levels !== undefined) {
      steps *= phase.levels + 1;
      how = `${phase.levels + 1} levels × ${how}`;
    }
    // Before the first event the start's weights are kept; the estimate takes the mean of start and end.
    const nanoseconds = layers.reduce((sum, layer, l) => {
      const keptAtStart = start[l]!.kept ?? layer.rows * layer.cols;
      const keptAtEnd = layer.kept ?? keptAtStart;
      return sum + productNanoseconds(layer, Math.round((keptAtStart + keptAtEnd) / 2), batch);
    }, 0) * PRODUCTS_PER_STEP * steps;
    ends.set(phase.name, layers);
    previous = layers;
    previousTask = task;
    return {
      index: index + 1, name: phase.name, kind: phase.kind, task, from: phase.from ?? (index === 0 ? '@birth' : spec.phases[index - 1]!.name),
      steps, how, events, layers, seconds: nanoseconds / 1e9,
    };
  });
  return {
    name: spec.name, hash: prepared.hash, seed: spec.seed, kernel: prepared.kernel.name,
    tasks: [...tasks].map(([name, data]) => ({ name, train: data.train.count, test: data.test.count, classes: data.classes })),
    parameters: shapes.reduce((sum, shape) => sum + shape.rows * shape.cols, 0),
    phases,
    seconds: phases.reduce((sum, phase) => sum + phase.seconds, 0),
  };
}
