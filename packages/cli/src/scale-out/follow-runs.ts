// Follows a study's runs on the queue until each is done or has failed for good, re-queueing runs Redis lost.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Queue } from 'bullmq';
import { enqueueRuns } from './enqueue-runs.js';
import type { RunJobData, RunPointer } from './run-queue.js';
import { countStates, runStandings, type RunStanding } from './run-states.js';
import type { StudyRun } from './study-run.js';

export interface FollowOptions {
  readonly store: string;
  /** How the queue is named to a person (its URL without the password). */
  readonly shown: string;
  /** Receives a line whenever the counts change (and when the queue is lost or found again). */
  readonly say: (line: string) => void;
  /** Time between two looks at the store and the queue. */
  readonly pollMs: number;
  /** Stops following: the promise rejects with the signal's reason (the runs go on on the workers). */
  readonly signal?: AbortSignal;
}

/**
 * Resolves with every run's final standing (done or failed). A run that is neither complete nor known to the
 * queue — Redis restarted without persistence, or its jobs were removed — is enqueued again; a worker that
 * meanwhile completed it leaves it complete in the store, and the new job then finds it there and computes nothing.
 */
export async function followRuns(queue: Queue<RunJobData, RunPointer>, runs: readonly StudyRun[], options: FollowOptions): Promise<RunStanding[]> {
  let shownLine = '';
  let reachable = true;
  for (;;) {
    options.signal?.throwIfAborted();
    let standings: RunStanding[];
    try {
      standings = await runStandings(queue, runs, options.store);
      const lost = standings.filter(({ state }) => state === 'lost');
      if (lost.length > 0) {
        await enqueueRuns(queue, lost);
        options.say(`queued again ${lost.length} run${lost.length === 1 ? '' : 's'} the queue no longer knew (was Redis restarted?)`);
      }
      if (!reachable) options.say(`reached the queue at ${options.shown} again`);
      reachable = true;
    } catch (error) {
      if (reachable) options.say(`lost the queue at ${options.shown} (${(error as Error).message}); waiting for it — the workers wait too`);
      reachable = false;
      await sleep(options.pollMs, undefined, { signal: options.signal });
      continue;
    }
    const counts = countStates(standings);
    const line = `runs: ${counts.done}/${runs.length} done, ${counts.running} running, ${counts.queued + counts.lost} queued, ${counts.failed} failed`;
    if (line !== shownLine) options.say(line);
    shownLine = line;
    if (counts.done + counts.failed === runs.length) return standings;
    await sleep(options.pollMs, undefined, { signal: options.signal });
  }
}
