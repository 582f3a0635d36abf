// `ontogeny inspect <run-dir>`: per-task storage — shared weights at their bit width plus a bit-packed mask per task, against dense float32 copies.
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { GlobalOptions } from '../global-options.js';

interface InspectArguments extends GlobalOptions {
  runDir: string;
  phase?: string;
  json: boolean;
}

export const inspectCommand: CommandModule<GlobalOptions, InspectArguments> = {
  command: 'inspect <run-dir>',
  describe: 'Account the storage of a run: shared weights, one mask per task, and dense copies for comparison',
  builder: (yargs) => yargs
    .positional('run-dir', { type: 'string', demandOption: true, describe: 'A run directory written by `ontogeny run`' })
    .option('phase', { type: 'string', describe: 'The phase whose weights are the shared set (default: the last with a checkpoint)' })
    .option('json', { type: 'boolean', default: false, describe: 'Print JSON instead of a table' }) as unknown as Argv<InspectArguments>,
  handler: async (args: ArgumentsCamelCase<InspectArguments>) => {
    const [{ storageReport }, { reportFailure, EXIT_OK }, { formatStorage }] = await Promise.all([
      import('@ontogeny/core'), import('../exit-codes.js'), import('../format-storage.js'),
    ]);
    try {
      const report = storageReport(args.runDir, args.phase);
      process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : formatStorage(report));
      process.exitCode = EXIT_OK;
    } catch (error) {
      process.exitCode = reportFailure(error, args.debug);
    }
  },
};
