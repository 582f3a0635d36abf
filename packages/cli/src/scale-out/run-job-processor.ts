// The sandboxed BullMQ processor: a child process of the worker, so a CPU-bound lifespan never delays the
// worker's lock renewals.
import { UnrecoverableError, type SandboxedJob } from 'bullmq';
import { executeQueuedRun, isInputError, type RunProgress } from './execute-queued-run.js';
import type { RunJobData, RunPointer } from './run-queue.js';
import { readWorkerSettings } from './worker-settings.js';

// A worker killed with SIGKILL cannot stop its children; without this one would go on computing a run that the
// queue has meanwhile handed to another worker.
process.once('disconnect', () => process.exit(1));

/** Passes on the first progress of each phase, then at most one a second (each is a message to Redis). */
function throttled(send: (progress: RunProgress) => void): (progress: RunProgress) => void {
  let phase = '';
  let sent = 0;
  return (progress) => {
    const now = performance.now();
    if (progress.phase === phase && now - sent < 1000) return;
    phase = progress.phase;
    sent = now;
    send(progress);
  };
}

/** Runs the job's spec into the worker's store; an input error fails the job at once, without retries. */
export default async function processRunJob(job: SandboxedJob<RunJobData, RunPointer>): Promise<RunPointer> {
  try {
    return await executeQueuedRun(job.data, readWorkerSettings(), throttled((progress) => void job.updateProgress({ ...progress })));
  } catch (error) {
    if (isInputError(error)) throw new UnrecoverableError((error as Error).message);
    throw error;
  }
}
