// Runs one queued run into the store: the spec prepared as the study prepared it, its hash checked, then run,
// resumed or found complete by the run store.
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { errors, isError, OntogenyError, prepareLifespan, readRunStatus, runInStore, type LifespanEvent } from '@ontogeny/core';
import { JOB_SPEC_MISMATCH } from '../errors.js';
import { loadRegistry, SHARED_MACHINE_KERNEL_THREADS } from '../plugin-loading.js';
import type { RunJobData, RunPointer } from './run-queue.js';
import type { WorkerSettings } from './worker-settings.js';

/** Where a running run is: its phase and the step in it. */
export interface RunProgress {
  readonly phase: string;
  readonly step: number;
  readonly steps: number;
}

/** How often to look whether another process still writes a run this job was handed too. */
const WRITER_POLL_MS = 1000;

/**
 * Runs `job` into `settings.store` and returns where its results are. A run complete there is not recomputed;
 * one whose earlier attempt was cut short resumes from its latest checkpoint; one that another live process is
 * writing (the queue handed it out twice) is waited for, and then found complete. Input errors (an invalid
 * spec, a hash this worker's plugins don't reproduce) are OntogenyErrors of category 'input'; a failing run
 * throws what it failed with.
 */
export async function executeQueuedRun(job: RunJobData, settings: WorkerSettings, onProgress: (progress: RunProgress) => void): Promise<RunPointer> {
  const registry = await loadRegistry(settings.plugins);
  const prepared = await prepareLifespan({
    spec: job.spec, file: `queued run ${job.runName}`, registry, kernelThreads: SHARED_MACHINE_KERNEL_THREADS, dataDir: settings.dataDir,
  });
  if (prepared.hash !== job.hash) throw JOB_SPEC_MISMATCH(job.runName, prepared.hash);
  const runDir = join(settings.store, prepared.runName);
  for (;;) {
    try {
      const run = await runInStore(settings.store, prepared, { resume: true, observe: (events) => events.subscribe(progressOf(onProgress)) });
      return { run: prepared.runName, hash: prepared.hash, reused: run.reused, resumedFrom: run.resumedFrom ? relative(runDir, run.resumedFrom) : null };
    } catch (error) {
      if (!isError(error, errors.RUN_LOCKED)) throw error;
      while (readRunStatus(runDir).status === 'running') await sleep(WRITER_POLL_MS);
    }
  }
}

/** Tells `onProgress` where the run is at each phase start and each step event. */
function progressOf(onProgress: (progress: RunProgress) => void): (event: LifespanEvent) => void {
  return (event) => {
    if (event.type === 'phase:start') onProgress({ phase: event.phase, step: 0, steps: event.steps });
    if (event.type === 'step') onProgress({ phase: event.phase, step: event.step, steps: event.steps });
  };
}

/** Whether `error` is the user's to fix: retrying the same job cannot succeed. */
export function isInputError(error: unknown): boolean {
  return error instanceof OntogenyError && error.category === 'input';
}
