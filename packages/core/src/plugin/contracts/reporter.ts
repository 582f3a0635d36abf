// The Reporter contract: a watcher of a run (a logger, a plot writer, electrodes); its events come by `inject: ['events']`.
import type { Model } from './model.js';
import type { TaskData } from './task.js';

/** The state of a run after an optimisation step, for reporters that look inside the network. */
export interface StepMoment {
  readonly phase: string;
  /** Steps taken in the phase so far (1 after the first). */
  readonly step: number;
  readonly model: Model;
  readonly task: { readonly name: string; readonly data: TaskData };
}

/**
 * A reporter that writes files of its own and must leave a resumed run's files as an uninterrupted run's is also
 * Checkpointable: its state is saved with each progress checkpoint (called with no parameters), and a resumed run
 * loads it before the first step it observes, to cut its files back to what they held at that checkpoint.
 */
export interface Reporter {
  /**
   * Called once before the run starts with the run directory, where the reporter may write files (null for runs kept
   * in memory). A reporter that watches the run's events injects them (`inject: ['events']`).
   */
  attach(runDirectory: string | null): void;
  /**
   * Called after every optimisation step and at the end of each phase (step = the phase's steps). A reporter may
   * run its own forward passes here (the step's backward pass is done); it must not change any parameter.
   */
  observeStep?(moment: StepMoment): void;
}
