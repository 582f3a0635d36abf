// The local worker pool (piscina): each planned run on a worker thread, at most `jobs` at once, in plan order.
import { setMaxListeners } from 'node:events';
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { StudyTask, StudyTaskOutcome } from './run-worker.js';

export interface PoolOptions {
  /** Runs at once (one worker thread each); the machine's cores by default. */
  readonly jobs?: number;
  /**
   * Aborting ends the workers at once (a second Ctrl-C): runs in flight are cut where they are, and resume from
   * their last checkpoint next time. A first Ctrl-C goes through the tasks' stop flag instead.
   */
  readonly signal: AbortSignal;
  /** Called as each run ends, in the order they end. */
  readonly onEnd: (index: number, outcome: StudyTaskOutcome) => void;
}

// The worker's module beside this one: run-worker.ts from the sources (tests, through tsx), run-worker.js once built.
const workerFile = new URL(`./run-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;

/** The default for --jobs: every core. */
export function defaultJobs(): number {
  return availableParallelism();
}

/**
 * Runs every task on a pool of `jobs` worker threads (queued tasks wait for a free worker) and returns their
 * outcomes in task order, whatever order they end in. A worker that dies (a crash in a plugin, process.exit in
 * its thread) fails only its run; the pool starts another worker.
 */
export async function runOnPool(tasks: readonly StudyTask[], options: PoolOptions): Promise<StudyTaskOutcome[]> {
  const jobs = options.jobs ?? defaultJobs();
  // Every task listens to the one signal
  setMaxListeners(tasks.length + 1, options.signal);
  const pool = new Piscina<StudyTask, StudyTaskOutcome>({ filename: workerFile, minThreads: Math.min(jobs, tasks.length), maxThreads: jobs });
  try {
    return await Promise.all(tasks.map(async (task, index) => {
      let outcome: StudyTaskOutcome;
      try {
        outcome = await pool.run(task, { signal: options.signal });
      } catch (error) {
        outcome = options.signal.aborted
          ? { status: 'interrupted', run: null, reason: 'the study was stopped at once (a second Ctrl-C) before this run finished' }
          : { status: 'failed', run: null, reason: `its worker crashed: ${error instanceof Error ? error.message : String(error)}` };
      }
      options.onEnd(index, outcome);
      return outcome;
    }));
  } finally {
    await pool.destroy();
  }
}
