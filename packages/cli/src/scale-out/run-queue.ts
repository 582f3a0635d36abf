// The BullMQ queue of runs: one job per run, named by the run's hash, carrying the resolved spec.
import { Queue, type JobsOptions } from 'bullmq';
import type { QueueAddress } from './queue-url.js';

/** The queue every study and worker on one Redis database share; a run queued by two studies is one job. */
export const RUN_QUEUE_NAME = 'ontogeny-runs';

/** What a job carries: enough for any worker to run it without the study file. */
export interface RunJobData {
  /** The run's hash: the job's id, and its folder's suffix in the store. */
  readonly hash: string;
  /** `<name>-<hash>`: the run's folder in the store. */
  readonly runName: string;
  /** The resolved lifespan spec (overrides applied, defaults filled), as JSON. */
  readonly spec: unknown;
}

/** A finished job's return value: where its results are, relative to the worker's store — never the results. */
export interface RunPointer {
  readonly run: string;
  readonly hash: string;
  /** Whether this attempt found the run complete already and computed nothing. */
  readonly reused: boolean;
  /** The checkpoint this attempt resumed from (relative to the run folder), when an earlier one was cut short. */
  readonly resumedFrom: string | null;
}

/**
 * Retries on failure, spaced out so that a transient fault (a full disk, a shared file system's hiccup) can
 * pass; an invalid spec fails at once instead (UnrecoverableError). Jobs stay in Redis after they finish so
 * `--status` can count them.
 */
export const RUN_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 15_000 },
  removeOnComplete: false,
  removeOnFail: false,
};

/** The run queue at `address`. The caller closes it. */
export function openRunQueue(address: QueueAddress): Queue<RunJobData, RunPointer> {
  const queue = new Queue<RunJobData, RunPointer>(RUN_QUEUE_NAME, { connection: address.connection, defaultJobOptions: RUN_JOB_OPTIONS });
  // A lost connection also fails the commands sent meanwhile, which is where callers hear of it; the event
  // itself would be printed with a stack when nobody listens.
  queue.on('error', () => undefined);
  return queue;
}
