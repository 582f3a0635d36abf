// Puts a study's runs on the queue: each run not complete in the store, once (its job id is its hash).
import type { Queue } from 'bullmq';
import type { RunJobData, RunPointer } from './run-queue.js';
import type { RunStanding } from './run-states.js';

/** What enqueueing did, run by run. */
export interface EnqueueCounts {
  /** New jobs. */
  readonly added: number;
  /** Failed jobs sent back to the queue for another round of attempts. */
  readonly retried: number;
  /** Runs already waiting or running. */
  readonly pending: number;
  /** Runs complete in the store: nothing to do. */
  readonly done: number;
}

/**
 * Enqueues the runs of `standings` that need work: a lost run (never queued, or gone from Redis) gets a job,
 * a failed one is retried; queued and running runs are left alone, so enqueueing twice adds nothing.
 */
export async function enqueueRuns(queue: Queue<RunJobData, RunPointer>, standings: readonly RunStanding[]): Promise<EnqueueCounts> {
  const toAdd = standings.filter(({ state }) => state === 'lost').map(({ run }) => run);
  let retried = 0;
  for (const { run } of standings.filter(({ state }) => state === 'failed')) {
    const job = await queue.getJob(run.hash);
    if (!job) {
      toAdd.push(run);
    } else if ((await job.getState()) === 'completed') {
      // Completed in Redis but missing from the store: redone from scratch, not retried.
      await job.remove();
      toAdd.push(run);
    } else {
      await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      retried += 1;
    }
  }
  // A job id that exists already is left as it is, so a run enqueued meanwhile by another study is not doubled.
  await queue.addBulk(toAdd.map((run) => ({
    name: run.runName, data: { hash: run.hash, runName: run.runName, spec: run.spec }, opts: { jobId: run.hash },
  })));
  return {
    added: toAdd.length,
    retried,
    pending: standings.filter(({ state }) => state === 'queued' || state === 'running').length,
    done: standings.filter(({ state }) => state === 'done').length,
  };
}
