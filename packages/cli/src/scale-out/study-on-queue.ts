// `ontogeny study … --queue URL`: enqueue the study's runs, follow them to the end; `--status`: where they stand.
import { enqueueRuns } from './enqueue-runs.js';
import { followRuns } from './follow-runs.js';
import { probeQueue } from './probe-queue.js';
import { parseQueueUrl, type QueueAddress } from './queue-url.js';
import { openRunQueue } from './run-queue.js';
import { countStates, runStandings, type RunStanding } from './run-states.js';
import type { StudyRun } from './study-run.js';

export interface StudyOnQueueOptions {
  readonly queue: string;
  /** The study's run store: where it reads results (the workers' `--store`, as mounted here). */
  readonly store: string;
  readonly say: (line: string) => void;
  /** Time between two looks at the store and the queue while following (default 1 s). */
  readonly pollMs?: number;
  /** Stops following (the runs go on on the workers). */
  readonly signal?: AbortSignal;
}

/**
 * Enqueues every run of `runs` not complete in the store and follows them until each is done or has failed for
 * good; resolves with their final standings. Throws an input error when the queue can't be reached.
 */
export async function runStudyOnQueue(runs: readonly StudyRun[], options: StudyOnQueueOptions): Promise<RunStanding[]> {
  const address = await reachQueue(options.queue);
  const queue = openRunQueue(address);
  try {
    const counts = await enqueueRuns(queue, await runStandings(queue, runs, options.store));
    options.say(`${runs.length} runs: ${counts.added} queued, ${counts.retried} failed ones retried, ${counts.pending} already queued or running, ` +
      `${counts.done} complete in ${options.store}`);
    options.say(`workers take them with: ontogeny worker --queue ${address.shown} --store <this store as mounted there>`);
    return await followRuns(queue, runs, { store: options.store, shown: address.shown, say: options.say, pollMs: options.pollMs ?? 1000, signal: options.signal });
  } finally {
    await queue.close();
  }
}

/** The standing of every run now, with the counts and each failed run's reason printed through `say`. */
export async function showStudyStatus(runs: readonly StudyRun[], options: StudyOnQueueOptions): Promise<RunStanding[]> {
  const address = await reachQueue(options.queue);
  const queue = openRunQueue(address);
  try {
    const standings = await runStandings(queue, runs, options.store);
    const counts = countStates(standings);
    options.say(`${runs.length} runs on ${address.shown}: ${counts.queued} queued, ${counts.running} running, ${counts.done} done, ` +
      `${counts.failed} failed${counts.lost ? `, ${counts.lost} not queued` : ''}`);
    for (const { run, state, detail } of standings) {
      if (state === 'running') options.say(`  running  ${run.runName}${detail ? ` on ${detail}` : ''}`);
      if (state === 'failed') options.say(`  failed   ${run.runName}: ${detail ?? 'no reason recorded'}`);
    }
    return standings;
  } finally {
    await queue.close();
  }
}

async function reachQueue(url: string): Promise<QueueAddress> {
  const address = parseQueueUrl(url, '--queue');
  await probeQueue(address);
  return address;
}

