// The pool's worker: prepares one planned run (its kernel on one thread) and executes it into the store.
import { nativeBackendWith, prepareLifespan, referenceBackend, type Json, type KernelBackend, type PluginRegistry, type PreparedLifespan, type Summary } from '@ontogeny/core';
import { loadRegistry } from '../plugin-loading.js';
import { runInStore } from './store-run.js';

/** What the main thread sends: plain JSON, since it crosses threads. */
export interface StudyTask {
  readonly spec: Readonly<Record<string, Json>>;
  /** The base spec's file, for messages and the paths inside it. */
  readonly file: string;
  readonly store: string;
  readonly dataDir: string | null;
  readonly plugins: readonly string[];
  readonly cwd: string;
}

export type StudyTaskOutcome =
  | {
    readonly status: 'completed'; readonly run: string; readonly reused: boolean; readonly summary: Summary; readonly seconds: number;
    /** Phase → test examples its accuracy is a fraction of (for the bootstrap of a single run). */
    readonly testExamples: Readonly<Record<string, number>>;
  }
  | { readonly status: 'failed'; readonly run: string | null; readonly reason: string };

// One run per worker and one worker per core: a kernel spreading over every core would fight the other workers.
const oneThreadBackends: readonly KernelBackend[] = [nativeBackendWith({ threads: 1 }), referenceBackend];

let registry: { key: string; loaded: Promise<PluginRegistry> } | null = null;

function registryFor(plugins: readonly string[], cwd: string): Promise<PluginRegistry> {
  const key = JSON.stringify([plugins, cwd]);
  if (registry?.key !== key) registry = { key, loaded: loadRegistry(plugins, cwd) };
  return registry.loaded;
}

/** Phase → the size of its task's test split, where each test example carries one label (its accuracy counts examples). */
function testExamples(prepared: PreparedLifespan, summary: Summary): Record<string, number> {
  const sizes: Record<string, number> = {};
  for (const phase of summary.phases) {
    const data = phase.task === null ? undefined : prepared.tasks.get(phase.task);
    if (data && data.labelsPerExample === 1) sizes[phase.name] = data.test.count;
  }
  return sizes;
}

/** Runs one task; a run that fails reports why instead of throwing, so only a crashed worker rejects. */
export default async function runStudyTask(task: StudyTask): Promise<StudyTaskOutcome> {
  const started = performance.now();
  let run: string | null = null;
  try {
    const prepared = await prepareLifespan({
      spec: task.spec, file: task.file, registry: await registryFor(task.plugins, task.cwd), backends: oneThreadBackends, dataDir: task.dataDir,
    });
    run = prepared.runName;
    const result = await runInStore(task.store, prepared);
    return {
      status: 'completed', run, reused: result.reused, summary: result.summary, seconds: (performance.now() - started) / 1000,
      testExamples: testExamples(prepared, result.summary),
    };
  } catch (error) {
    return { status: 'failed', run, reason: error instanceof Error ? error.message : String(error) };
  }
}
