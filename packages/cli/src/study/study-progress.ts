// The study's one progress display: runs done / running / queued and an ETA, one rewritten line on a TTY.
import type { StudyTaskOutcome } from './run-worker.js';

export interface StudyProgressOptions {
  readonly total: number;
  readonly jobs: number;
  readonly tty: boolean;
  readonly quiet: boolean;
  readonly write: (text: string) => void;
  /** For tests: seconds since the study started. */
  readonly now?: () => number;
}

/** Counts, status line and ETA of a running study; `ended` is called as each run ends. */
export class StudyProgress {
  private done = 0;
  private reused = 0;
  private failed = 0;
  private computedSeconds = 0;
  private computed = 0;
  private lineOpen = false;
  private readonly started: number;
  private readonly now: () => number;

  constructor(private readonly options: StudyProgressOptions) {
    this.now = options.now ?? (() => performance.now() / 1000);
    this.started = this.now();
  }

  /** Draws the first status line. */
  start(): void {
    this.redraw();
  }

  /** Records a run's end: one line for it (for a person reading a log) and a fresh status line on a TTY. */
  ended(label: string, outcome: StudyTaskOutcome): void {
    if (outcome.status === 'completed') {
      this.done++;
      if (outcome.reused) this.reused++;
      else {
        this.computed++;
        this.computedSeconds += outcome.seconds;
      }
    } else if (outcome.status === 'failed') this.failed++;
    const finished = this.done + this.failed;
    const what = outcome.status === 'completed'
      ? `${outcome.reused ? 'already complete' : `${outcome.resumed ? 'resumed and ' : ''}done in ${outcome.seconds.toFixed(1)} s`} (${outcome.run})`
      : outcome.status === 'failed' ? `FAILED — ${outcome.reason}` : 'interrupted';
    if (outcome.status !== 'interrupted') this.line(`[${finished}/${this.options.total}] ${label}: ${what}`);
    this.redraw();
  }

  /** The status line's text: "runs 12/30 done (3 reused), 1 failed, 2 running, 15 queued, ETA 4 min". */
  status(): string {
    const { total, jobs } = this.options;
    const finished = this.done + this.failed;
    const running = Math.min(jobs, total - finished);
    const queued = total - finished - running;
    const parts = [`runs ${this.done}/${total} done${this.reused > 0 ? ` (${this.reused} reused)` : ''}`];
    if (this.failed > 0) parts.push(`${this.failed} failed`);
    parts.push(`${running} running`, `${queued} queued`);
    return `${parts.join(', ')}, ${this.eta(total - finished)}`;
  }

  /** Wall seconds since start. */
  elapsed(): number {
    return this.now() - this.started;
  }

  private eta(remaining: number): string {
    if (remaining === 0) return `took ${duration(this.elapsed())}`;
    if (this.computed === 0) return 'ETA after the first computed run';
    const perRun = this.computedSeconds / this.computed;
    return `ETA ${duration(perRun * Math.ceil(remaining / this.options.jobs))}`;
  }

  private line(text: string): void {
    if (this.options.quiet) return;
    if (this.lineOpen) this.options.write('\r\x1b[K');
    this.lineOpen = false;
    this.options.write(`${text}\n`);
  }

  private redraw(): void {
    if (!this.options.tty || this.options.quiet) return;
    this.options.write(`\r\x1b[K${this.status()}`);
    this.lineOpen = true;
  }

  /** Ends the status line (on a TTY) or prints it once (elsewhere). */
  finish(): void {
    if (this.options.quiet) return;
    if (this.lineOpen) this.options.write('\n');
    else this.options.write(`${this.status()}\n`);
    this.lineOpen = false;
  }
}

function duration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
