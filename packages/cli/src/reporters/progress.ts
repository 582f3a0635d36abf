// The run's voice on the terminal: a rewritten progress line on a TTY, plain milestone lines otherwise.
import type { ContinualResult, LifespanEvent } from '@ontogeny/core';

export interface ProgressOptions {
  readonly tty: boolean;
  readonly quiet: boolean;
  readonly write: (text: string) => void;
}

const BAR_WIDTH = 24;

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

/** A subscriber that narrates the events; on a TTY steps redraw one line, elsewhere only milestones print. */
export function progressReporter(options: ProgressOptions): (event: LifespanEvent) => void {
  const { tty, quiet, write } = options;
  let lineOpen = false;
  const line = (text: string) => {
    if (quiet) return;
    if (lineOpen) write('\r\x1b[K');
    lineOpen = false;
    write(`${text}\n`);
  };
  return (event) => {
    switch (event.type) {
      case 'lifespan:start':
        line(`lifespan ${event.name} (${event.hash}), seed ${event.seed}, ${event.kernel} kernel: ${event.phases.join(' → ')}`);
        break;
      case 'phase:start':
        line(`▸ ${event.phase} (${event.kind}${event.task ? ` on ${event.task}` : ''}${event.from ? `, from ${event.from}` : ''})`);
        break;
      case 'step':
        if (tty && !quiet) {
          const done = Math.min(1, event.step / Math.max(1, event.steps));
          const filled = Math.round(done * BAR_WIDTH);
          write(`\r\x1b[K  ${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} ${event.step}/${event.steps} loss ${format(event.loss)}`);
          lineOpen = true;
        }
        break;
      case 'prune':
        line(`  step ${event.step}: pruned to target sparsity ${format(event.target)} (${event.removed} removed)`);
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
