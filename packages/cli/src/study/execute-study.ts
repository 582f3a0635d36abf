// The body of `ontogeny study`: load and check everything, run what the store lacks on the pool, aggregate, judge claims.
import { relative, resolve } from 'node:path';
import { evaluateClaims, pointLabel, studyRecord, summaryMetrics, writeStudyFolder, type RunRow } from '@ontogeny/core';
import { isBeyondOneMachine, type ScaleOutArguments } from '../scale-out/scale-out-options.js';
import { studyBeyondOneMachine } from '../scale-out/study-beyond-one-machine.js';
import { EXIT_BAD_INPUT, EXIT_CLAIM_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_RUN_FAILED, reportFailure } from '../exit-codes.js';
import { loadRegistry } from '../plugin-loading.js';
import { formatAggregate, formatClaims, formatDifferences } from './format-study.js';
import { loadStudy, type LoadedStudy } from './load-study.js';
import { defaultJobs, runOnPool } from './run-pool.js';
import type { StudyTask, StudyTaskOutcome } from './run-worker.js';
import { StudyProgress } from './study-progress.js';

export interface ExecuteStudyOptions extends ScaleOutArguments {
  readonly study: string;
  readonly profile?: string;
  /** The run store: the folder that holds every run as <name>-<hash>/. */
  readonly store: string;
  /** The folder that receives the study folder <name>[-<profile>]/. */
  readonly out: string;
  readonly jobs?: number;
  readonly data?: string;
  readonly quiet: boolean;
  readonly plugin: readonly string[];
  readonly debug: boolean;
}

/** Runs the study of `options.study`; returns the exit code (0 all holds, 1 a run failed, 2 bad input, 3 a claim fails, 130 interrupted). */
export async function executeStudy(options: ExecuteStudyOptions): Promise<number> {
  let loaded: LoadedStudy;
  try {
    if (options.jobs !== undefined && !(Number.isInteger(options.jobs) && options.jobs >= 1)) {
      process.stderr.write(`ontogeny: --jobs ${options.jobs}: expected a whole number of worker threads, 1 or more\n`);
      return EXIT_BAD_INPUT;
    }
    loaded = loadStudy(options.study, await loadRegistry(options.plugin), options.profile ?? null);
  } catch (error) {
    return reportFailure(error, options.debug);
  }
  const { study } = loaded;
  const store = resolve(options.store);
  const jobs = options.jobs ?? defaultJobs();
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const tasks: StudyTask[] = study.runs.map((run) => ({
    spec: run.spec, file: loaded.baseFile, store, dataDir: options.data ? resolve(options.data) : null, plugins: options.plugin, cwd: process.cwd(), stop,
  }));
  const write = (text: string) => process.stdout.write(text);
  /** Runs the study's runs of `indices` on the local pool, with the progress display and Ctrl-C; their outcomes in that order. */
  const runLocally = async (indices: readonly number[]): Promise<StudyTaskOutcome[]> => {
    if (indices.length === 0) return [];
    const workers = Math.min(jobs, indices.length);
    if (!options.quiet) write(`study ${study.folder}: ${study.points.length} point${study.points.length === 1 ? '' : 's'} × ${study.seeds.length} seed${study.seeds.length === 1 ? '' : 's'} = ${study.runs.length} runs${indices.length < study.runs.length ? ` (${indices.length} here)` : ''} on ${workers} worker${workers === 1 ? '' : 's'}, store ${options.store}\n`);
    const progress = new StudyProgress({ total: indices.length, jobs: workers, tty: Boolean(process.stdout.isTTY) && !process.env.CI, quiet: options.quiet, write });
    // The first Ctrl-C lets each running run stop at its next step (its folder marked, resumable); a second ends the workers at once
    const interrupt = new AbortController();
    const onSigint = () => {
      if (Atomics.load(stop, 0) === 1) {
        interrupt.abort();
        return;
      }
      Atomics.store(stop, 0, 1);
      process.stderr.write('\nstopping: running runs end at their next step, queued ones do not start (Ctrl-C again to stop at once)\n');
    };
    process.on('SIGINT', onSigint);
    progress.start();
    const label = (index: number) => `${pointLabel(study.runs[indices[index]].point.axes)}, seed ${study.runs[indices[index]].seed}`;
    const outcomes = await runOnPool(indices.map((index) => tasks[index]), { jobs: workers, signal: interrupt.signal, onEnd: (index, outcome) => progress.ended(label(index), outcome) });
    process.removeListener('SIGINT', onSigint);
    progress.finish();
    return outcomes;
  };
  if (isBeyondOneMachine(options)) return studyBeyondOneMachine(loaded, options, { runLocally, conclude: (outcomes) => conclude(loaded, outcomes, options) });
  return conclude(loaded, await runLocally(study.runs.map((_, index) => index)), options);
}

/** Aggregates the outcomes (in the study's run order), writes the study folder, judges the claims; returns the exit code. */
function conclude(loaded: LoadedStudy, outcomes: readonly StudyTaskOutcome[], options: ExecuteStudyOptions): number {
  const { study } = loaded;
  const store = resolve(options.store);
  const folder = resolve(options.out, study.folder);
  const write = (text: string) => process.stdout.write(text);
  const rows = outcomes.map((outcome, index) => rowOf(study.runs[index], outcome));
  const completed = rows.filter((row) => row.status === 'completed');
  const claims = evaluateClaims(study.claims, completed);
  const record = studyRecord(loaded.spec, study, relative(folder, store) || '.', rows, claims);
  writeStudyFolder(folder, record);
  if (!options.quiet) {
    if (record.aggregate.length > 0) write(`\n${formatAggregate(record.aggregate)}\n`);
    if (record.differences.length > 0) write(`\npaired differences (same seed)\n${formatDifferences(record.differences)}\n`);
    if (claims.length > 0) write(`\nclaims\n${formatClaims(claims)}\n`);
  }
  write(`results in ${folder}/ (study.json, results.csv, aggregate.csv${record.differences.length > 0 ? ', differences.csv' : ''})\n`);
  const interrupted = rows.filter((row) => row.status === 'interrupted').length;
  const failed = rows.filter((row) => row.status === 'failed');
  const failing = claims.filter((claim) => !claim.holds);
  if (interrupted > 0) {
    process.stderr.write(`ontogeny: interrupted (Ctrl-C) with ${interrupted} run${interrupted === 1 ? '' : 's'} not finished — run the same command again to resume; completed runs are kept\n`);
    return EXIT_INTERRUPTED;
  }
  if (failed.length > 0) {
    process.stderr.write(`ontogeny: ${failed.length} of ${rows.length} runs failed (listed in study.json) — run the study again to retry them:\n${failed.map((row) => `  ${pointLabel(row.point.axes)}, seed ${row.seed}: ${row.reason}`).join('\n')}\n`);
    return EXIT_RUN_FAILED;
  }
  if (failing.length > 0) {
    process.stderr.write(`ontogeny: ${failing.length} claim${failing.length === 1 ? '' : 's'} failed: ${failing.map((claim) => claim.name).join(', ')}\n`);
    return EXIT_CLAIM_FAILED;
  }
  return EXIT_OK;
}

function rowOf(run: LoadedStudy['study']['runs'][number], outcome: StudyTaskOutcome): RunRow {
  const { point, seed } = run;
  if (outcome.status === 'completed') {
    return { point, seed, run: outcome.run, status: 'completed', metrics: summaryMetrics(outcome.summary), testExamples: outcome.testExamples };
  }
  return { point, seed, run: outcome.run, status: outcome.status, reason: outcome.reason, metrics: {} };
}
