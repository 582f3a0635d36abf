// Where each run of a study stands, from the store first (the truth) and the queue second.
import type { Queue } from 'bullmq';
import type { RunJobData, RunPointer } from './run-queue.js';
import { isCompleteIn, type StudyRun } from './study-run.js';

/** A run's state as a person reads it; `lost` is a run neither complete nor known to the queue. */
export type RunState = 'done' | 'running' | 'queued' | 'failed' | 'lost';

export interface RunStanding {
  readonly run: StudyRun;
  readonly state: RunState;
  /** Why a failed run failed, or which worker runs a running one. */
  readonly detail?: string;
}

/** The standing of every run: done when complete in `store`, else as the queue has it. */
export async function runStandings(queue: Queue<RunJobData, RunPointer>, runs: readonly StudyRun[], store: string): Promise<RunStanding[]> {
  return Promise.all(runs.map(async (run): Promise<RunStanding> => {
    if (isCompleteIn(store, run)) return { run, state: 'done' };
    const job = await queue.getJob(run.hash);
    if (!job) return { run, state: 'lost' };
    const state = await job.getState();
    switch (state) {
      case 'active':
        return { run, state: 'running', detail: [job.processedBy, describeProgress(job.progress)].filter(Boolean).join(', ') };
      case 'failed':
        return { run, state: 'failed', detail: job.failedReason };
      case 'completed':
        // A worker finished it, yet the store here lacks it: the worker wrote to another folder.
        return { run, state: 'failed', detail: `a worker (${job.processedBy ?? 'unnamed'}) completed it, but ${store} does not hold it — do the workers' --store and this store name the same shared folder?` };
      case 'unknown':
        return { run, state: 'lost' };
      default:
        return { run, state: 'queued' };
    }
  }));
}

/** How many runs stand in each state. */
export function countStates(standings: readonly RunStanding[]): Record<RunState, number> {
  const counts: Record<RunState, number> = { done: 0, running: 0, queued: 0, failed: 0, lost: 0 };
  for (const { state } of standings) counts[state] += 1;
  return counts;
}

/** "aging, step 150 of 400" from a job's progress (as the processor reports it), or '' before the first. */
function describeProgress(progress: unknown): string {
  if (typeof progress !== 'object' || progress === null || !('phase' in progress)) return '';
  const { phase, step, steps } = progress as { phase: string; step: number; steps: number };
  return `${phase}, step ${step} of ${steps}`;
}
