// The study command's options for running beyond one machine; kept apart so that `--help` loads nothing else.
import type { Argv } from 'yargs';

export interface ScaleOutArguments {
  readonly queue?: string;
  readonly status?: boolean;
  readonly shard?: string;
  readonly collect?: boolean;
}

/** Adds --queue, --status, --shard and --collect to the study command; yargs refuses the combinations that mean nothing. */
export function withScaleOutOptions<T>(yargs: Argv<T>): Argv<T & ScaleOutArguments> {
  return yargs
    .option('queue', {
      type: 'string',
      describe: 'Put the runs not complete in the store on this BullMQ queue for `ontogeny worker`s to take, follow them, then aggregate: redis://[user:password@]HOST:PORT[/DB]',
    })
    .option('status', { type: 'boolean', describe: 'With --queue: show how many runs are queued, running, done and failed, and exit' })
    .option('shard', {
      type: 'string',
      describe: 'Run here only the runs of shard I of N (their hash modulo N), for array jobs: I/N, slurm/N ($SLURM_ARRAY_TASK_ID) or kubernetes/N ($JOB_COMPLETION_INDEX)',
    })
    .option('collect', { type: 'boolean', describe: 'Compute nothing: aggregate the runs complete in the store, judge the claims, list the missing runs' })
    .implies('status', 'queue')
    .conflicts('shard', ['queue', 'collect'])
    .conflicts('collect', 'queue') as unknown as Argv<T & ScaleOutArguments>;
}

/** Whether the study runs elsewhere than on this machine's pool alone. */
export function isBeyondOneMachine(options: ScaleOutArguments): boolean {
  return options.queue !== undefined || options.shard !== undefined || options.collect === true;
}

