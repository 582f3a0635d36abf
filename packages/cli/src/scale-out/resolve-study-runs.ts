// A study's runs named as the store names them: each planned spec prepared once, for its hash and its folder.
import { prepareLifespan, type PluginRegistry } from '@ontogeny/core';
import { testSplitSizes } from '../study/run-worker.js';
import type { StudyRun } from './study-run.js';

export interface ResolveOptions {
  readonly registry: PluginRegistry;
  /** The file the specs came from (for messages). */
  readonly file: string;
  /** `--data`, when the study's tasks read files from elsewhere than their defaults. */
  readonly dataDir: string | null;
}

/**
 * Prepares each spec of `specs` (validated, tasks loaded) and keeps what the queue and the shards need: the
 * resolved spec, its hash, its folder and its test splits' sizes. Every input error surfaces here, before anything is queued or run.
 */
export async function resolveStudyRuns(specs: readonly unknown[], options: ResolveOptions): Promise<StudyRun[]> {
  const runs: StudyRun[] = [];
  for (const spec of specs) {
    const prepared = await prepareLifespan({ spec, file: options.file, registry: options.registry, dataDir: options.dataDir });
    runs.push({ hash: prepared.hash, runName: prepared.runName, spec: prepared.spec, testSizes: testSplitSizes(prepared) });
  }
  return runs;
}
