// `ontogeny worker --queue URL --store DIR`: takes runs from a study's queue and runs them into a shared store.
import { availableParallelism } from 'node:os';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { GlobalOptions } from '../global-options.js';

interface WorkerArguments extends GlobalOptions {
  queue: string;
  store: string;
  jobs: number;
  data?: string;
  stalledAfter: number;
}

export const workerCommand: CommandModule<GlobalOptions, WorkerArguments> = {
  command: 'worker',
  describe: 'Take runs from a study queue (BullMQ on Redis) and run them into a shared run store, until Ctrl-C or SIGTERM',
  builder: (yargs) => yargs
    .option('queue', { type: 'string', demandOption: true, describe: 'The queue: redis://[user:password@]HOST:PORT[/DB]' })
    .option('store', { type: 'string', demandOption: true, describe: 'The run store every worker and the study share, e.g. a folder on NFS' })
    .option('jobs', { type: 'number', default: availableParallelism(), describe: 'Runs at once, each in a child process of its own with a one-thread kernel (integer; default: the cores)' })
    .option('data', { type: 'string', describe: 'Folder where tasks look for their data files on this machine (default: each task\'s own)' })
    .option('stalled-after', {
      type: 'number', default: 30,
      describe: 'Seconds after which a run whose worker stopped answering (killed, cut off) goes back to the queue',
    }) as unknown as Argv<WorkerArguments>,
  handler: async (args: ArgumentsCamelCase<WorkerArguments>) => {
    const { startWorker } = await import('../scale-out/start-worker.js');
    process.exitCode = await startWorker(args);
  },
};
