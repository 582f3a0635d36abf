// The run directory runs/<name>-<hash>/: resolved spec, events.jsonl, metrics.csv, summary.json, timings, checkpoints.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Observable, Subscription } from 'rxjs';
import type { LifespanEvent } from '../lifespan/events.js';
import type { PreparedLifespan } from '../lifespan/prepare.js';
import { writeFileAtomic } from './atomic-write.js';

type PhaseEnd = Extract<LifespanEvent, { type: 'phase:end' }>;

/** The machine-readable result of a run: no wall-clock figures, so the same spec and seed give the same bytes. */
export interface Summary {
  readonly name: string;
  readonly hash: string;
  readonly seed: number;
  readonly kernel: string;
  readonly model: Record<string, unknown>;
  readonly tasks: Record<string, string>;
  readonly phases: ReadonlyArray<Omit<PhaseEnd, 'type' | 'phase'> & { name: string }>;
  readonly status: 'completed' | 'failed';
}

/**
 * Writes a run's files as its events arrive. Each file is rewritten atomically at the end of every phase, so a
 * killed run leaves readable files up to its last finished phase.
 */
export class RunDirectory {
  readonly path: string;
  private readonly events: LifespanEvent[] = [];
  private readonly metricRows: string[] = ['phase,step,metric,value'];
  private readonly phaseSeconds: Record<string, number> = {};
  private phaseStarted = 0;
  private readonly started = performance.now();

  constructor(root: string, private readonly prepared: PreparedLifespan) {
    this.path = join(root, prepared.runName);
  }

  get checkpointDir(): string {
    return join(this.path, 'checkpoints');
  }

  /** Creates the folder and writes the resolved spec. Call only once the run is known to be valid. */
  create(): this {
    mkdirSync(this.checkpointDir, { recursive: true });
    writeFileAtomic(join(this.path, 'spec.json'), `${JSON.stringify(this.prepared.spec, null, 2)}\n`);
    return this;
  }

  /** Records every event of `events` and rewrites the files at phase ends and at the end. */
  attach(events: Observable<LifespanEvent>): Subscription {
    return events.subscribe({
      next: (event) => this.record(event),
      error: () => this.close('failed'),
    });
  }

  /** Writes every file now, with the summary's status (for a run stopped from outside). */
  close(status: Summary['status']): void {
    this.flush(status);
  }

  private record(event: LifespanEvent): void {
    this.events.push(event);
    switch (event.type) {
      case 'phase:start':
        this.phaseStarted = performance.now();
        break;
      case 'step':
        this.metricRows.push(row(event.phase, event.step, 'loss', event.loss), row(event.phase, event.step, 'lr', event.lr));
        break;
      case 'evaluate':
        for (const [metric, value] of Object.entries(event.metrics)) this.metricRows.push(row(event.phase, event.step, `${event.split}:${metric}`, value));
        break;
      case 'prune':
        this.metricRows.push(row(event.phase, event.step, 'target-sparsity', event.target));
        for (const [layer, density] of Object.entries(event.density)) this.metricRows.push(row(event.phase, event.step, `density:${layer}`, density));
        break;
      case 'phase:end':
        this.phaseSeconds[event.phase] = (performance.now() - this.phaseStarted) / 1000;
        break;
      case 'checkpoint':
        this.flush(null);
        break;
      case 'lifespan:end':
        this.flush('completed');
        break;
      default:
        break;
    }
  }

  private flush(status: Summary['status'] | null): void {
    writeFileAtomic(join(this.path, 'events.jsonl'), this.events.map((event) => JSON.stringify(event)).join('\n') + '\n');
    writeFileAtomic(join(this.path, 'metrics.csv'), this.metricRows.join('\n') + '\n');
    writeFileAtomic(join(this.path, 'timings.json'), `${JSON.stringify({
      phases: this.phaseSeconds, totalSeconds: (performance.now() - this.started) / 1000, kernel: this.prepared.kernel.name,
    }, null, 2)}\n`);
    if (status) writeFileAtomic(join(this.path, 'summary.json'), `${JSON.stringify(this.summary(status), null, 2)}\n`);
  }

  private summary(status: Summary['status']): Summary {
    const { spec, hash, kernel, model, tasks } = this.prepared;
    return {
      name: spec.name,
      hash,
      seed: spec.seed,
      kernel: kernel.name,
      model: model.describe(),
      tasks: Object.fromEntries([...tasks].map(([name, data]) => [name, data.description])),
      phases: this.events
        .filter((event): event is PhaseEnd => event.type === 'phase:end')
        .map(({ type: _type, phase, ...rest }) => ({ name: phase, ...rest })),
      status,
    };
  }
}

function row(phase: string, step: number, metric: string, value: number): string {
  return `${phase},${step},${metric},${value}`;
}
