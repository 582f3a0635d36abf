// One run of a study executed into the run store, or found there complete and reused.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectable, lastValueFrom } from 'rxjs';
import { RunDirectory, runLifespan, type PreparedLifespan, type Summary } from '@ontogeny/core';

export interface StoreRunResult {
  /** The run folder's name in the store. */
  readonly run: string;
  /** True when the store already held the run complete, so nothing was computed. */
  readonly reused: boolean;
  readonly summary: Summary;
}

/** The summary of the completed run `name` in `store`, or null when it is absent, failed or still being written. */
export function completedRun(store: string, name: string, hash: string): Summary | null {
  const file = join(store, name, 'summary.json');
  if (!existsSync(file)) return null;
  const summary = JSON.parse(readFileSync(file, 'utf8')) as Summary;
  return summary.status === 'completed' && summary.hash === hash ? summary : null;
}

/** Runs `prepared` into `store`/<name>-<hash>/ unless a completed run is already there. */
export async function runInStore(store: string, prepared: PreparedLifespan): Promise<StoreRunResult> {
  const found = completedRun(store, prepared.runName, prepared.hash);
  if (found) return { run: prepared.runName, reused: true, summary: found };
  const directory = new RunDirectory(store, prepared).create();
  const events = connectable(runLifespan(prepared, { checkpointDir: directory.checkpointDir, runDirectory: directory.path }));
  directory.attach(events);
  const finished = lastValueFrom(events);
  events.connect();
  await finished;
  const summary = completedRun(store, prepared.runName, prepared.hash);
  if (!summary) throw new Error(`${directory.path}: the run ended without a completed summary.json`);
  return { run: prepared.runName, reused: false, summary };
}
