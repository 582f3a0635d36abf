// The study command beyond one machine: --queue (BullMQ workers), --status, --shard I/N (array jobs), --collect.
import { join, resolve } from 'node:path';
import { readRunStatus } from '@ontogeny/core';
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_RUN_FAILED, reportFailure } from '../exit-codes.js';
import { loadRegistry } from '../plugin-loading.js';
import type { ExecuteStudyOptions } from '../study/execute-study.js';
import type { LoadedStudy } from '../study/load-study.js';
import { testExamples, type StudyTaskOutcome } from '../study/run-worker.js';
import { resolveStudyRuns } from './resolve-study-runs.js';
import type { RunStanding } from './run-states.js';
import { parseShard, shardOf, type Shard } from './shard.js';
import { runStudyOnQueue, showStudyStatus } from './study-on-queue.js';
import type { StudyRun } from './study-run.js';

/** What the study command does on this machine, for the modes beyond it to use. */
export interface LocalStudy {
  /** Runs the study's runs of `indices` on the local pool; their outcomes in that order. */
  runLocally(indices: readonly number[]): Promise<StudyTaskOutcome[]>;
  /** Aggregates outcomes given in the study's run order, writes the study folder, judges the claims; the exit code. */
  conclude(outcomes: readonly StudyTaskOutcome[]): number;
}

/** Runs the study on a queue, a shard of it here, its status, or its collection from the store; returns the exit code. */
export async function studyBeyondOneMachine(loaded: LoadedStudy, options: ExecuteStudyOptions, local: LocalStudy): Promise<number> {
  const store = resolve(options.store);
  const say = (line: string) => process.stdout.write(`${line}\n`);
  let runs: StudyRun[];
  let shard: Shard | null;
  try {
    shard = options.shard !== undefined ? parseShard(options.shard, process.env) : null;
    runs = await resolveStudyRuns(loaded.study.runs.map((run) => run.spec), {
      registry: await loadRegistry(options.plugin), file: loaded.baseFile, dataDir: options.data ? resolve(options.data) : null,
    });
  } catch (error) {
    return reportFailure(error, options.debug);
  }
  if (shard) return runShard(runs, shard, options, local);
  let failures = new Map<string, string>();
  if (options.queue !== undefined) {
    try {
      if (options.status) {
        await showStudyStatus(runs, { queue: options.queue, store, say });
        return EXIT_OK;
      }
      const stopFollowing = () => {
        process.stderr.write('\nstopped following the queue; its runs go on on the workers — the same command shows them again, --status counts them\n');
        process.exit(EXIT_INTERRUPTED);
      };
      process.once('SIGINT', stopFollowing);
      failures = failuresOf(await runStudyOnQueue(runs, { queue: options.queue, store, say }));
      process.removeListener('SIGINT', stopFollowing);
    } catch (error) {
      return reportFailure(error, options.debug);
    }
  }
  const outcomes = runs.map((run) => outcomeInStore(run, store, failures.get(run.hash)));
  const missing = outcomes.filter((outcome) => outcome.status !== 'completed').length;
  if (options.collect) say(`${runs.length - missing} of ${runs.length} runs complete in ${options.store}${missing > 0 ? `; ${missing} missing` : ''}`);
  return local.conclude(outcomes);
}

async function runShard(runs: readonly StudyRun[], shard: Shard, options: ExecuteStudyOptions, local: LocalStudy): Promise<number> {
  const indices = runs.flatMap((run, index) => (shardOf(run.hash, shard.count) === shard.index ? [index] : []));
  const outcomes = await local.runLocally(indices);
  const failed = outcomes.filter((outcome) => outcome.status === 'failed').length;
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(`shard ${shard.index}/${shard.count}: ${indices.length} of the study's ${runs.length} runs, ${outcomes.length - failed} complete, ${failed} failed`);
  say(`once every shard has ended: ontogeny study ${options.study} --store ${options.store} --collect`);
  if (outcomes.some((outcome) => outcome.status === 'interrupted')) return EXIT_INTERRUPTED;
  return failed > 0 ? EXIT_RUN_FAILED : EXIT_OK;
}

function failuresOf(standings: readonly RunStanding[]): Map<string, string> {
  return new Map(standings.filter(({ state }) => state === 'failed').map(({ run, detail }) => [run.hash, detail ?? 'failed on the queue']));
}

/** The outcome the store holds for `run`: its summary when complete, else why it is missing. */
function outcomeInStore(run: StudyRun, store: string, failure: string | undefined): StudyTaskOutcome {
  const { status, summary } = readRunStatus(join(store, run.runName));
  if (status === 'completed' && summary) {
    return { status: 'completed', run: run.runName, reused: true, resumed: false, summary, seconds: 0, testExamples: testExamples(run.testSizes, summary) };
  }
  const reason = failure ?? (status === 'absent' ? `not in ${store} — run its shard or the study to compute it` : `${status} in ${store}, not complete`);
  return { status: 'failed', run: run.runName, reason };
}
