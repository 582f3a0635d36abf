// The run directory runs/<name>-<hash>/: resolved spec, events.jsonl, metrics.csv, summary.json, timings, checkpoints.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Observable, Subscription } from 'rxjs';
import { DATA_CORRUPT } from '../errors.js';
import type { LifespanEvent } from '../lifespan/events.js';
import type { PreparedLifespan } from '../lifespan/prepare.js';
import { syncFile, writeFileAtomic } from './atomic-write.js';

type PhaseEnd = Extract<LifespanEvent, { type: 'phase:end' }>;

/** Where a run folder stands: being written (or killed while it was), finished, or stopped by an error. */
export type RunStatus = 'running' | 'completed' | 'failed';

/** One finished phase in summary.json: its final figures and the digest of its end-state checkpoint. */
export type PhaseSummary = Omit<PhaseEnd, 'type' | 'phase'> & { name: string; checkpoint?: string };

/** The machine-readable result of a run: no wall-clock figures, so the same spec and seed give the same bytes. */
export interface Summary {
  readonly name: string;
  readonly hash: string;
  readonly seed: number;
  readonly kernel: string;
  readonly model: Record<string, unknown>;
  readonly tasks: Record<string, string>;
  /** The phases finished so far, in order. */
  readonly phases: readonly PhaseSummary[];
  readonly status: RunStatus;
}

export const SPEC_FILE = 'spec.json';
export const SUMMARY_FILE = 'summary.json';
export const EVENTS_FILE = 'events.jsonl';
export const METRICS_FILE = 'metrics.csv';
// The run and seed columns make many runs' files one table when concatenated.
const METRICS_HEADER = 'phase,step,metric,value,run,seed';

/**
 * Writes a run's files as its events arrive: each event is appended to events.jsonl (and its figures to
 * metrics.csv) as it happens, so another process can follow a live run; summary.json says `running` until the
 * run ends, is rewritten atomically at every phase end, and says `completed` only once everything else is on disk.
 */
export class RunDirectory {
  readonly path: string;
  private readonly events: LifespanEvent[] = [];
  private readonly phaseSeconds: Record<string, number> = {};
  private phaseStarted = performance.now();
  private readonly started = performance.now();

  constructor(root: string, private readonly prepared: PreparedLifespan) {
    this.path = join(root, prepared.runName);
  }

  get checkpointDir(): string {
    return join(this.path, 'checkpoints');
  }

  /** Creates the folder's files for a fresh run: the resolved spec, empty logs, a `running` summary. */
  create(): this {
    mkdirSync(this.checkpointDir, { recursive: true });
    const { spec, data } = this.prepared;
    writeFileAtomic(join(this.path, SPEC_FILE), `${JSON.stringify(data.length > 0 ? { ...spec, data } : spec, null, 2)}\n`);
    this.rewriteLogs();
    this.writeSummary('running');
    return this;
  }

  /**
   * Takes over the folder of an interrupted run: its log is cut back to the first `eventCount` events (what
   * the checkpoint it continues from had seen) and metrics.csv is rebuilt from them.
   */
  resumeAt(eventCount: number): this {
    const file = join(this.path, EVENTS_FILE);
    const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((line) => line !== '') : [];
    if (lines.length < eventCount) {
      throw DATA_CORRUPT(file, `holds ${lines.length} events, fewer than the ${eventCount} its latest checkpoint had seen — the folder was changed since; --force starts the run again`);
    }
    this.events.push(...lines.slice(0, eventCount).map((line) => JSON.parse(line) as LifespanEvent));
    const timings = join(this.path, 'timings.json');
    if (existsSync(timings)) Object.assign(this.phaseSeconds, (JSON.parse(readFileSync(timings, 'utf8')) as { phases?: object }).phases ?? {});
    this.rewriteLogs();
    this.writeSummary('running');
    return this;
  }

  /** Records every event of `events` as it comes; the stream's error marks the run failed. */
  attach(events: Observable<LifespanEvent>): Subscription {
    return events.subscribe({
      next: (event) => this.record(event),
      error: () => this.close('failed'),
    });
  }

  /** Writes the summary (and timings) now with `status`: at the end, or for a run stopped from outside. */
  close(status: RunStatus): void {
    // The logs are appended without syncing; a final status promises they are on disk
    if (status !== 'running') for (const file of [EVENTS_FILE, METRICS_FILE]) syncFile(join(this.path, file));
    this.writeTimings();
    this.writeSummary(status);
  }

  private record(event: LifespanEvent): void {
    this.events.push(event);
    appendFileSync(join(this.path, EVENTS_FILE), `${JSON.stringify(event)}\n`);
    const rows = this.metricRows(event);
    if (rows.length > 0) appendFileSync(join(this.path, METRICS_FILE), `${rows.join('\n')}\n`);
    switch (event.type) {
      case 'phase:start':
        this.phaseStarted = performance.now();
        break;
      case 'phase:end':
        this.phaseSeconds[event.phase] = (performance.now() - this.phaseStarted) / 1000;
        break;
      case 'checkpoint':
        this.close('running');
        break;
      case 'lifespan:end':
        this.close('completed');
        break;
      default:
        break;
    }
  }

  private rewriteLogs(): void {
    writeFileAtomic(join(this.path, EVENTS_FILE), this.events.map((event) => `${JSON.stringify(event)}\n`).join(''));
    writeFileAtomic(join(this.path, METRICS_FILE), [METRICS_HEADER, ...this.events.flatMap((event) => this.metricRows(event))].join('\n') + '\n');
  }

  /** The rows of metrics.csv `event` adds, each ending with this run's name and seed. */
  private metricRows(event: LifespanEvent): string[] {
    const run = `,${this.prepared.runName},${this.prepared.spec.seed}`;
    return metricRows(event).map((line) => line + run);
  }

  private writeTimings(): void {
    writeFileAtomic(join(this.path, 'timings.json'), `${JSON.stringify({
      phases: this.phaseSeconds, totalSeconds: (performance.now() - this.started) / 1000, kernel: this.prepared.kernel.name,
    }, null, 2)}\n`);
  }

  private writeSummary(status: RunStatus): void {
    writeFileAtomic(join(this.path, SUMMARY_FILE), `${JSON.stringify(this.summary(status), null, 2)}\n`);
  }

  private summary(status: RunStatus): Summary {
    const { spec, hash, kernel, model, tasks } = this.prepared;
    const digests = new Map(this.events.flatMap((event) => event.type === 'checkpoint' && event.sha256 ? [[event.phase, event.sha256]] : []));
    return {
      name: spec.name,
      hash,
      seed: spec.seed,
      kernel: kernel.name,
      model: model.describe(),
      tasks: Object.fromEntries([...tasks].map(([name, data]) => [name, data.description])),
      phases: this.events
        .filter((event): event is PhaseEnd => event.type === 'phase:end')
        .map(({ type: _type, phase, ...rest }) => ({
          name: phase, ...rest, ...(digests.has(phase) ? { checkpoint: `sha256:${digests.get(phase)!}` } : {}),
        })),
      status,
    };
  }
}

/**
 * The spec to prepare again from a run folder's spec.json: without the data fingerprint recorded beside it
 * (preparing computes it again from the files, so changed data gives another name).
 */
export function specOfRunFolder(recorded: unknown): unknown {
  if (typeof recorded !== 'object' || recorded === null || Array.isArray(recorded)) return recorded;
  const { data: _recomputed, ...spec } = recorded as Record<string, unknown>;
  return spec;
}

/** The rows of metrics.csv an event adds (phase, step, metric, value). */
function metricRows(event: LifespanEvent): string[] {
  switch (event.type) {
    case 'step':
      return [row(event.phase, event.step, 'loss', event.loss), row(event.phase, event.step, 'lr', event.lr)];
    case 'evaluate':
      return Object.entries(event.metrics).map(([metric, value]) => row(event.phase, event.step, `${event.split}:${metric}`, value));
    case 'prune':
      return [
        row(event.phase, event.step, 'target-sparsity', event.target),
        ...Object.entries(event.density).map(([layer, density]) => row(event.phase, event.step, `density:${layer}`, density)),
      ];
    case 'perturb':
      return [row(event.phase, event.step, `dose:${event.disorder}`, event.dose)];
    default:
      return [];
  }
}

function row(phase: string, step: number, metric: string, value: number): string {
  return `${phase},${step},${metric},${value}`;
}
