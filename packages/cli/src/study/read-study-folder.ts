// A study folder read back: study.json as `ontogeny study` wrote it, and each completed run's metrics from its summary in the store.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { errors, summaryMetrics, type ClaimResult, type Json, type RunRow, type StudySpec, type Summary } from '@ontogeny/core';

/** One run as study.json lists it. */
export interface StudyRunEntry {
  readonly axes: Readonly<Record<string, Json>>;
  readonly seed: number;
  /** The run folder's name in the store, null when the run never started. */
  readonly run: string | null;
  readonly status: 'completed' | 'failed' | 'interrupted';
  readonly reason?: string;
  readonly testExamples?: Readonly<Record<string, number>>;
}

/** study.json, with the store made absolute and the completed runs as rows for the aggregation. */
export interface StudyFolder {
  /** The study folder, absolute. */
  readonly dir: string;
  readonly name: string;
  readonly profile: string | null;
  /** The run store, absolute. */
  readonly store: string;
  readonly seeds: readonly number[];
  readonly axes: readonly string[];
  readonly complete: boolean;
  readonly runs: readonly StudyRunEntry[];
  readonly claims: readonly ClaimResult[];
  /** The study spec as given (its `description` says what the study asks). */
  readonly spec: StudySpec;
  /** The completed runs, in the plan's order, with every phase metric read from their summary.json. */
  readonly rows: readonly RunRow[];
}

/** Whether `dir` is a study folder (it has the study.json that `ontogeny study` writes). */
export function isStudyFolder(dir: string): boolean {
  return existsSync(join(dir, 'study.json'));
}

/** Reads the study folder `dir`; a missing or unreadable file is an error naming it. */
export function readStudyFolder(dir: string): StudyFolder {
  const absolute = resolve(dir);
  const study = readJson(join(absolute, 'study.json')) as Omit<StudyFolder, 'dir' | 'rows'>;
  const store = resolve(absolute, study.store);
  const rows = study.runs.filter((run) => run.status === 'completed' && run.run !== null).map((run): RunRow => ({
    point: { axes: run.axes, patch: {} },
    seed: run.seed,
    run: run.run,
    status: 'completed',
    metrics: summaryMetrics(readJson(join(store, run.run as string, 'summary.json')) as Summary),
    testExamples: run.testExamples,
  }));
  return { ...study, dir: absolute, store, rows };
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw errors.DATA_MISSING(file, 'a study folder holds the study.json that `ontogeny study` writes, and its runs are in the store that file names');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw errors.DATA_CORRUPT(file, `cannot be read as JSON — ${(error as Error).message}`);
  }
}
