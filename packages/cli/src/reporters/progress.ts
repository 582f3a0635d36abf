// The run's voice on the terminal: a rewritten progress line on a TTY, plain milestone lines otherwise, JSON lines for programs.
import type { ContinualResult, LifespanEvent } from '@ontogeny/core';

export interface ProgressOptions {
  readonly tty: boolean;
  readonly quiet: boolean;
  /** Every event as one JSON line, nothing else (`--json`). */
  readonly json?: boolean;
  readonly write: (text: string) => void;
  /** Milliseconds on a monotonic clock (performance.now by default), for steps/s and the ETA. */
  readonly now?: () => number;
}

const BAR_WIDTH = 24;
// Steps/s is measured over this much of the latest work, so the rate follows a phase's changes of pace.
const RATE_WINDOW_MS = 3000;

function format(value: number): string {
  return Math.abs(value) >= 100 || value === 0 ? String(Math.round(value * 1000) / 1000) : value.toPrecision(4);
}

function metricsText(metrics: Readonly<Record<string, number>>): string {
  return Object.entries(metrics).map(([name, value]) => `${name} ${format(value)}`).join(', ');
}

/** Densities by layer; the heads of a stream's members (`head:<task>/<i>`) as one entry with their range. */
function densityText(density: Readonly<Record<string, number>>): string {
  const entries: Array<[string, number[]]> = [];
  for (const [layer, value] of Object.entries(density)) {
    const member = /^(head:.+)\/\d+$/.exec(layer);
    const key = member ? `${member[1]}/*` : layer;
    const entry = entries.find(([name]) => name === key);
    if (entry) entry[1].push(value);
    else entries.push([key, [value]]);
  }
  return entries.map(([name, values]) => {
    const low = Math.min(...values);
    const high = Math.max(...values);
    return `${name} ${low === high ? format(low) : `${format(low)}–${format(high)}`}`;
  }).join(' ');
}

/** A continual phase's figures: the accuracy matrix's summary and the task inference, if any. */
function continualText(result: ContinualResult): string {
  const figure = (value: number | null) => (value === null ? '-' : format(value));
  const inference = result.inference
    ? `; task inference over ${result.inference.batches} batches: ${Object.entries(result.inference.methods)
      .map(([method, r]) => `${method} found ${format(r.taskAccuracy)} (accuracy ${format(r.accuracy)})`).join(', ')}`
    : '';
  return `${result.tasks.length} tasks: average accuracy ${format(result.averageAccuracy)}, backward transfer ${figure(result.backwardTransfer)}, ` +
    `forgetting ${figure(result.forgetting)}${inference}`;
}

function clock(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(whole / 60);
  return minutes >= 60
    ? `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`
    : `${minutes}:${String(whole % 60).padStart(2, '0')}`;
}

/** Steps per second over the recent window of (time, step) samples within one phase. */
class StepRate {
  private samples: Array<readonly [number, number]> = [];

  reset(): void {
    this.samples = [];
  }

  add(time: number, step: number): number | null {
    this.samples.push([time, step]);
    while (this.samples.length > 2 && time - this.samples[1]![0] > RATE_WINDOW_MS) this.samples.shift();
    const [firstTime, firstStep] = this.samples[0]!;
    return time > firstTime ? ((step - firstStep) * 1000) / (time - firstTime) : null;
  }
}

/**
 * A subscriber that narrates the events. On a TTY steps redraw one line — phase i/n, a bar, step/steps of the
 * phase's own axis, steps/s and the time left in the phase; elsewhere only milestones print.
 */
export function progressReporter(options: ProgressOptions): (event: LifespanEvent) => void {
  const { tty, quiet, write } = options;
  const now = options.now ?? (() => performance.now());
  if (options.json) return (event) => write(`${JSON.stringify(event)}\n`);
  let lineOpen = false;
  let phases: readonly string[] = [];
  const rate = new StepRate();
  const line = (text: string) => {
    if (quiet) return;
    if (lineOpen) write('\r\x1b[K');
    lineOpen = false;
    write(`${text}\n`);
  };
  const position = (phase: string) => `${phases.indexOf(phase) + 1}/${phases.length}`;
  return (event) => {
    switch (event.type) {
      case 'lifespan:start':
        phases = event.phases;
        line(`lifespan ${event.name} (${event.hash}), seed ${event.seed}, ${event.kernel} kernel: ${event.phases.join(' → ')}`);
        break;
      case 'phase:start':
        rate.reset();
        line(`▸ [${position(event.phase)}] ${event.phase} (${event.kind}${event.task ? ` on ${event.task}` : ''}${event.from ? `, from ${event.from}` : ''})`);
        break;
      case 'step': {
        const perSecond = rate.add(now(), event.step);
        if (tty && !quiet) {
          const done = Math.min(1, event.step / Math.max(1, event.steps));
          const filled = Math.round(done * BAR_WIDTH);
          const speed = perSecond !== null && perSecond > 0
            ? ` · ${format(perSecond)} steps/s · ${clock((event.steps - event.step) / perSecond)} left` : '';
          write(`\r\x1b[K  [${position(event.phase)}] ${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} ${event.step}/${event.steps}${speed} · loss ${format(event.loss)}`);
          lineOpen = true;
        }
        break;
      }
      case 'prune':
        line(`  pruned to sparsity ${format(event.target)} at step ${event.step}${event.scheduleStep === undefined ? '' : ` (schedule step ${event.scheduleStep})`} (${event.removed} removed)`);
        break;
      case 'perturb':
        line(`  ${event.when} ${event.phase}: ${event.disorder}, dose ${format(event.dose)}`);
        break;
      case 'diverged':
        line(`  ✗ diverged at step ${event.step} (loss ${event.loss})`);
        break;
      case 'phase:end': {
        line(`  ${event.diverged ? '✗' : '✓'} ${event.phase}: ${metricsText(event.metrics)}; density ${densityText(event.density)}`);
        if (event.continual) line(`  ${continualText(event.continual)}`);
        break;
      }
      case 'error':
        line(`  ✗ ${event.message}`);
        break;
      default:
        break;
    }
  };
}
