// A run of a study as the scale-out backends see it: a hash, a folder name and a resolved spec.
import { join } from 'node:path';
import { readRunStatus } from '@ontogeny/core';

/** One run of an expanded study. */
export interface StudyRun {
  /** The hash of the resolved spec: the run's identity everywhere (job id, shard, folder suffix). */
  readonly hash: string;
  /** `<name>-<hash>`: its folder in the run store. */
  readonly runName: string;
  /** The resolved lifespan spec, as JSON. */
  readonly spec: unknown;
  /** Task → its test split's size, for the intervals of single runs (see testSplitSizes). */
  readonly testSizes: Readonly<Record<string, number>>;
}

/** Whether `run` is complete in the store at `store`. */
export function isCompleteIn(store: string, run: StudyRun): boolean {
  return readRunStatus(join(store, run.runName)).status === 'completed';
}
