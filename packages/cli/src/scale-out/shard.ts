// Array-job mode without a broker: the runs of shard I of N are those whose hash falls to I, whatever else the study holds.
import { SHARD_INVALID } from '../errors.js';
import type { StudyRun } from './study-run.js';

/** Shard I of N (0 ≤ I < N). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Where each scheduler puts the index of an array job's task. */
const SCHEDULER_INDEX: Record<string, { variable: string; offset?: string; hint: string }> = {
  slurm: {
    variable: 'SLURM_ARRAY_TASK_ID', offset: 'SLURM_ARRAY_TASK_MIN',
    hint: 'run it inside a Slurm array job (sbatch --array=0-N-1)',
  },
  kubernetes: {
    variable: 'JOB_COMPLETION_INDEX',
    hint: 'run it inside a Kubernetes Job with completionMode: Indexed',
  },
};

/**
 * Parses `--shard I/N`; I may be `slurm` (the task's index in its array, counted from the array's first task)
 * or `kubernetes` (the indexed Job's completion index), read from `env`.
 *
 * @example
 * parseShard('2/3', {});                                    // { index: 2, count: 3 }
 * parseShard('slurm/3', { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_MIN: '0' }); // { index: 1, count: 3 }
 */
export function parseShard(value: string, env: NodeJS.ProcessEnv): Shard {
  const match = /^([^/]+)\/(\d+)$/.exec(value.trim());
  if (!match) throw SHARD_INVALID(value, 'expected I/N, e.g. 0/3, or slurm/N or kubernetes/N');
  const count = Number(match[2]);
  if (count < 1) throw SHARD_INVALID(value, 'N must be at least 1');
  const scheduler = SCHEDULER_INDEX[match[1]];
  let index: number;
  if (scheduler) {
    const text = env[scheduler.variable];
    if (text === undefined || !/^\d+$/.test(text)) {
      throw SHARD_INVALID(value, `$${scheduler.variable} is ${text === undefined ? 'not set' : `"${text}", not an index`} — ${scheduler.hint}`);
    }
    index = Number(text) - (scheduler.offset ? Number(env[scheduler.offset] ?? 0) : 0);
  } else if (/^\d+$/.test(match[1])) {
    index = Number(match[1]);
  } else {
    throw SHARD_INVALID(value, `"${match[1]}" is neither an index nor one of ${Object.keys(SCHEDULER_INDEX).join(', ')}`);
  }
  if (index >= count) throw SHARD_INVALID(value, `shard ${index} does not exist among ${count} (0 to ${count - 1})`);
  return { index, count };
}

/**
 * The shard a run falls to: its hash (hexadecimal) modulo N. It depends on nothing but the run, so a study
 * that grows keeps every earlier run in its shard.
 */
export function shardOf(hash: string, count: number): number {
  return Number(BigInt(`0x${hash}`) % BigInt(count));
}

/** The runs of `runs` in `shard`. */
export function runsOfShard<R extends StudyRun>(runs: readonly R[], shard: Shard): R[] {
  return runs.filter((run) => shardOf(run.hash, shard.count) === shard.index);
}
