// The pool's worker: prepares one planned run (its kernel on one thread) and executes it into the run store.
import {
  isError, errors, prepareLifespan, readRunStatus, runInStore,
  type Json, type PluginRegistry, type PreparedLifespan, type Summary,
} from '@ontogeny/core';
import { loadRegistry, SHARED_MACHINE_KERNEL_THREADS } from '../plugin-loading.js';

/** What the main thread sends: plain JSON and one shared flag, since it crosses threads. */
export interface StudyTask {
  readonly spec: Readonly<Record<string, Json>>;
  /** The base spec's file, for messages and the paths inside it. */
  readonly file: string;
  readonly store: string;
  readonly dataDir: string | null;
  readonly plugins: readonly string[];
  readonly cwd: string;
  /** Set to 1 (shared by every task of a study) when the study is stopped: running runs end, queued ones never start. */
  readonly stop: Int32Array;
}

export type StudyTaskOutcome =
  | {
    readonly status: 'completed'; readonly run: string; readonly reused: boolean; readonly resumed: boolean;
    readonly summary: Summary; readonly seconds: number;
    /** Phase → test examples its accuracy is a fraction of (for the bootstrap of a single run). */
    readonly testExamples: Readonly<Record<string, number>>;
  }
  | { readonly status: 'failed' | 'interrupted'; readonly run: string | null; readonly reason: string };


/** How often a running run looks at the stop flag (it is read between training steps). */
const STOP_POLL_MS = 100;

let registry: { key: string; loaded: Promise<PluginRegistry> } | null = null;

function registryFor(plugins: readonly string[], cwd: string): Promise<PluginRegistry> {
  const key = JSON.stringify([plugins, cwd]);
  if (registry?.key !== key) registry = { key, loaded: loadRegistry(plugins, cwd) };
  return registry.loaded;
}

/** Task → the size of its test split, for tasks whose test examples carry one label each (accuracy counts examples). */
export function testSplitSizes(prepared: PreparedLifespan): Record<string, number> {
  const sizes: Record<string, number> = {};
  for (const [task, data] of prepared.tasks) if (data.labelsPerExample === 1) sizes[task] = data.test.count;
  return sizes;
}

/** Phase → the test examples its accuracy is a fraction of (for the bootstrap of a single run). */
export function testExamples(sizes: Readonly<Record<string, number>>, summary: Summary): Record<string, number> {
  const examples: Record<string, number> = {};
  for (const phase of summary.phases) if (phase.task !== null && phase.task in sizes) examples[phase.name] = sizes[phase.task];
  return examples;
}

const stopped = (task: StudyTask) => Atomics.load(task.stop, 0) === 1;

/**
 * Runs one task: reuses the run when the store holds it complete, resumes it from its last checkpoint when an
 * earlier attempt was stopped, runs it afresh otherwise. A run that fails reports why instead of throwing, so
 * only a crashed worker rejects.
 */
export default async function runStudyTask(task: StudyTask): Promise<StudyTaskOutcome> {
  if (stopped(task)) return { status: 'interrupted', run: null, reason: 'the study was stopped before this run started' };
  const started = performance.now();
  const stop = new AbortController();
  const watch = setInterval(() => {
    if (stopped(task)) stop.abort('the study was interrupted (Ctrl-C)');
  }, STOP_POLL_MS);
  let run: string | null = null;
  try {
    const prepared = await prepareLifespan({
      spec: task.spec, file: task.file, registry: await registryFor(task.plugins, task.cwd), kernelThreads: SHARED_MACHINE_KERNEL_THREADS, dataDir: task.dataDir,
    });
    run = prepared.runName;
    const result = await runInStore(task.store, prepared, { resume: true, signal: stop.signal });
    const summary = readRunStatus(result.runDir).summary;
    if (!summary) throw errors.RUN_FAILED('(end)', `${result.runDir}: the run ended without a readable summary.json`);
    return {
      status: 'completed', run, reused: result.reused, resumed: result.resumedFrom !== null, summary,
      seconds: (performance.now() - started) / 1000, testExamples: testExamples(testSplitSizes(prepared), summary),
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { status: isError(error, errors.RUN_ABORTED) && stopped(task) ? 'interrupted' : 'failed', run, reason };
  } finally {
    clearInterval(watch);
  }
}
