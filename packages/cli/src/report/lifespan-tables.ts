// A run's event stream as plain data tables on one lifespan axis: the rows of metrics.csv, the phases as branches, and the marked events.
import { BIRTH, type ContinualResult, type LifespanEvent } from '@ontogeny/core';

/** One phase as a span of the lifespan axis; a branch starts where the phase it grows from ended. */
export interface PhaseSpan {
  readonly name: string;
  readonly kind: string;
  readonly task: string | null;
  /** The phase whose end state this one starts from (null: the network at birth). */
  readonly from: string | null;
  /** Lifespan position of the first step: the training steps along this branch before it. */
  readonly start: number;
  /** Lifespan position of the last step seen so far. */
  readonly end: number;
  readonly ended: boolean;
}

/** A row of metrics.csv (phase, step, metric, value) with its lifespan position `x`. */
export interface SeriesRow {
  readonly phase: string;
  readonly step: number;
  readonly metric: string;
  readonly value: number;
  readonly x: number;
}

/** A marked moment of the lifespan: a pruning event, a disorder applied, a checkpoint written, a divergence. */
export interface EventMark {
  readonly kind: 'prune' | 'perturb' | 'checkpoint' | 'diverged';
  readonly phase: string;
  readonly x: number;
  readonly label: string;
}

/** The density of one layer at the end of a phase (from its phase:end event). */
export interface PhaseDensity {
  readonly phase: string;
  readonly layer: string;
  readonly density: number;
  readonly x: number;
}

/** Everything the run's figures draw, as plain rows. */
export interface LifespanTables {
  readonly phases: readonly PhaseSpan[];
  readonly series: readonly SeriesRow[];
  readonly marks: readonly EventMark[];
  readonly densities: readonly PhaseDensity[];
  /** Final metrics of each finished phase (phase:end), by phase. */
  readonly results: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** The accuracy matrix of each finished continual phase, by phase. */
  readonly continual: Readonly<Record<string, ContinualResult>>;
  readonly status: 'running' | 'completed' | 'failed';
}

interface OpenPhase {
  name: string;
  kind: string;
  task: string | null;
  from: string | null;
  start: number;
  /** Training steps done in the phase so far (the last step event's step). */
  progress: number;
  ended: boolean;
}

/**
 * Lays the events on the lifespan axis. A phase starts at the end of the phase it branches from, so branches
 * from one phase overlap in x and fork at that point. `step` is on the phase's one step axis, as in metrics.csv;
 * x is the training progress of the phase when the event happened — the same point for every phase that trains,
 * and the phase's start for an evaluation-only phase, whose axis counts the points it evaluated.
 */
export function lifespanTables(events: readonly LifespanEvent[]): LifespanTables {
  const phases = new Map<string, OpenPhase>();
  const series: SeriesRow[] = [];
  const marks: EventMark[] = [];
  const densities: PhaseDensity[] = [];
  const results: Record<string, Record<string, number>> = {};
  const continual: Record<string, ContinualResult> = {};
  let status: LifespanTables['status'] = 'running';
  const at = (name: string) => {
    const phase = phases.get(name);
    return phase ? phase.start + phase.progress : 0;
  };
  const add = (phase: string, step: number, metric: string, value: number, x = at(phase)) => series.push({ phase, step, metric, value, x });
  for (const event of events) {
    switch (event.type) {
      case 'phase:start': {
        const parent = event.from && event.from !== BIRTH ? phases.get(event.from) : undefined;
        phases.set(event.phase, {
          name: event.phase, kind: event.kind, task: event.task, from: event.from === BIRTH ? null : event.from,
          start: parent ? parent.start + parent.progress : 0, progress: 0, ended: false,
        });
        break;
      }
      case 'step': {
        const phase = phases.get(event.phase);
        if (phase) phase.progress = event.step;
        add(event.phase, event.step, 'loss', event.loss);
        add(event.phase, event.step, 'lr', event.lr);
        break;
      }
      case 'evaluate':
        for (const [metric, value] of Object.entries(event.metrics)) add(event.phase, event.step, `${event.split}:${metric}`, value);
        break;
      case 'prune':
        add(event.phase, event.step, 'target-sparsity', event.target);
        for (const [layer, density] of Object.entries(event.density)) add(event.phase, event.step, `density:${layer}`, density);
        marks.push({ kind: 'prune', phase: event.phase, x: at(event.phase), label: `prune to ${percent(event.target)} sparsity (${event.removed} removed)` });
        break;
      case 'perturb':
        add(event.phase, event.step, `dose:${event.disorder}`, event.dose);
        marks.push({ kind: 'perturb', phase: event.phase, x: at(event.phase), label: `${event.disorder} ${event.when} ${event.phase} (dose ${event.dose})` });
        break;
      case 'checkpoint':
        marks.push({ kind: 'checkpoint', phase: event.phase, x: at(event.phase), label: `checkpoint ${event.file ?? '(in memory)'}` });
        break;
      case 'diverged':
        marks.push({ kind: 'diverged', phase: event.phase, x: at(event.phase), label: `diverged at step ${event.step} (loss ${event.loss})` });
        break;
      case 'phase:end': {
        const phase = phases.get(event.phase);
        if (phase) phase.ended = true;
        results[event.phase] = { ...event.metrics };
        if (event.continual) continual[event.phase] = event.continual;
        for (const [layer, density] of Object.entries(event.density)) densities.push({ phase: event.phase, layer, density, x: at(event.phase) });
        break;
      }
      case 'lifespan:end':
        status = 'completed';
        break;
      case 'error':
        status = 'failed';
        break;
      default:
        break;
    }
  }
  return {
    phases: [...phases.values()].map(({ progress, ...span }) => ({ ...span, end: span.start + progress })),
    series, marks, densities, results, continual, status,
  };
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)} %`;
}
