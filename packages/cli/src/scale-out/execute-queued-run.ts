// Runs one queued run into the store: the spec prepared as the study prepared it, its hash checked, then run.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectable } from 'rxjs';
import { OntogenyError, prepareLifespan, RunDirectory, runLifespan, type LifespanEvent, type Summary } from '@ontogeny/core';
import { JOB_SPEC_MISMATCH } from '../errors.js';
import { kernelBackends, loadRegistry } from '../plugin-loading.js';
import type { RunJobData, RunPointer } from './run-queue.js';
import type { WorkerSettings } from './worker-settings.js';

/**
 * Runs `job` into `settings.store` and returns where its results are. A run already complete there is not
 * recomputed. Input errors (an invalid spec, a hash this worker's plugins don't reproduce) are OntogenyErrors of
 * category 'input'; a failing run throws what it failed with.
 */
export async function executeQueuedRun(job: RunJobData, settings: WorkerSettings, onProgress: (progress: RunProgress) => void): Promise<RunPointer> {
  const registry = await loadRegistry(settings.plugins);
  const prepared = await prepareLifespan({
    spec: job.spec, file: `queued run ${job.runName}`, registry, backends: kernelBackends, dataDir: settings.dataDir,
  });
  if (prepared.hash !== job.hash) throw JOB_SPEC_MISMATCH(job.runName, prepared.hash);
  const pointer = { run: prepared.runName, hash: prepared.hash };
  if (isComplete(join(settings.store, prepared.runName))) return { ...pointer, reused: true, resumedFrom: null };
  const directory = new RunDirectory(settings.store, prepared).create();
  const events = connectable(runLifespan(prepared, { checkpointDir: directory.checkpointDir, runDirectory: directory.path }));
  directory.attach(events);
  events.subscribe(progressOf(onProgress));
  await new Promise<void>((done, fail) => {
    events.subscribe({ error: fail, complete: done });
    events.connect();
  });
  return { ...pointer, reused: false, resumedFrom: null };
}

/** Where a running run is: its phase and the step in it. */
export interface RunProgress {
  readonly phase: string;
  readonly step: number;
  readonly steps: number;
}

/** Tells `onProgress` where the run is at each phase start and each step event. */
function progressOf(onProgress: (progress: RunProgress) => void): (event: LifespanEvent) => void {
  return (event) => {
    if (event.type === 'phase:start') onProgress({ phase: event.phase, step: 0, steps: event.steps });
    if (event.type === 'step') onProgress({ phase: event.phase, step: event.step, steps: event.steps });
  };
}

/** Whether the run folder holds a finished run. */
export function isComplete(runFolder: string): boolean {
  const file = join(runFolder, 'summary.json');
  if (!existsSync(file)) return false;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as Summary).status === 'completed';
  } catch {
    return false;
  }
}

/** Whether `error` is the user's to fix: retrying the same job cannot succeed. */
export function isInputError(error: unknown): boolean {
  return error instanceof OntogenyError && error.category === 'input';
}
