// One phase's progress for checkpoints: the plugins it created, its training loops, when a checkpoint is due, and where a resumed run takes over.
import type { Progress, ProgressCursor } from '../io/progress-checkpoint.js';
import { isCheckpointable, type PluginState } from '../plugin/contracts/checkpointable.js';
import type { Parameter } from '../nn/parameter.js';
import type { RngState } from '../tensor/rng.js';

/** How long a phase works between checkpoints when the spec does not say (`checkpointEvery`). */
export const CHECKPOINT_SECONDS = 30;

/** Where a training loop begins: skipped (a resumed run replaying what its checkpoint already holds), or at a step. */
export type TrainingStart =
  | { readonly skip: true }
  | { readonly skip: false; readonly step: number | null; readonly noise: RngState | null };

/** A training loop's position between two steps. */
export interface TrainingPosition {
  readonly step: number;
  readonly noise: RngState;
}

/** What the runner lends a phase's progress: the parameters plugins keep state for, and how to write and restore. */
export interface ProgressHost {
  parameters(): Parameter[];
  /** Writes a progress checkpoint at `cursor` with the plugins' states and the loop's noise stream. */
  write(cursor: ProgressCursor, plugins: ReadonlyArray<PluginState | null>, noise: RngState | null): void;
  /** Puts the model, the rewind points and the event count back as `progress` holds them. */
  restore(progress: Progress): void;
}

/**
 * A resumed phase runs again from its start with its events held back, its training loops before the
 * checkpoint's skipped, until the loop the checkpoint was taken in: there the state is restored and the loop
 * continues from the checkpoint's step. Everything the phase did on the way is either replayed identically
 * (plugins are created in the same order, schedules are pure) or overwritten by the restore.
 */
export class PhaseProgress {
  private readonly plugins: unknown[] = [];
  private loop = -1;
  private stepsSinceCheckpoint = 0;
  private lastCheckpoint = performance.now();

  constructor(
    private readonly phase: number,
    /** The checkpoint to take over from, taken inside this phase; null for a phase run from its start. */
    private resume: Progress | null,
    /** Training steps between checkpoints; null: by time, about every CHECKPOINT_SECONDS of work. */
    private readonly every: number | null,
    private readonly host: ProgressHost | null,
  ) {}

  /** Whether the phase is replaying up to its checkpoint (its events are held back). */
  get replaying(): boolean {
    return this.resume !== null;
  }

  /** Records a plugin the phase created, so its state can be saved and restored by creation order. */
  track<T>(plugin: T): T {
    this.plugins.push(plugin);
    return plugin;
  }

  /** Called as a training loop begins: whether to skip it, or from which step to run it. */
  startLoop(): TrainingStart {
    this.loop++;
    const resume = this.resume;
    if (!resume || resume.cursor.loop === null) return { skip: false, step: null, noise: null };
    if (this.loop < resume.cursor.loop) return { skip: true };
    this.host?.restore(resume);
    const parameters = this.host?.parameters() ?? [];
    resume.plugins.forEach((state, index) => {
      const plugin = this.plugins[index];
      if (state !== null && isCheckpointable(plugin)) plugin.loadState(parameters, state);
    });
    this.resume = null;
    this.stepsSinceCheckpoint = 0;
    this.lastCheckpoint = performance.now();
    return { skip: false, step: resume.cursor.step, noise: resume.noise };
  }

  /** After a step of the current loop, before the next: writes a checkpoint when one is due. */
  between(position: TrainingPosition): void {
    if (!this.host) return;
    this.stepsSinceCheckpoint++;
    const due = this.every !== null
      ? this.stepsSinceCheckpoint >= this.every
      : performance.now() - this.lastCheckpoint >= CHECKPOINT_SECONDS * 1000;
    if (!due) return;
    const parameters = this.host.parameters();
    const plugins = this.plugins.map((plugin) => isCheckpointable(plugin) ? plugin.saveState(parameters) : null);
    this.host.write({ phase: this.phase, loop: this.loop, step: position.step }, plugins, position.noise);
    this.stepsSinceCheckpoint = 0;
    this.lastCheckpoint = performance.now();
  }
}
