// `ontogeny compare <folder>…`: mean, sd, n and 95 % interval per point over seeds, for any runs and studies.
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { GlobalOptions } from '../global-options.js';

interface CompareArguments extends GlobalOptions {
  folders: string[];
  difference: string[];
  json: boolean;
}

export const compareCommand: CommandModule<GlobalOptions, CompareArguments> = {
  command: 'compare <folders..>',
  describe: 'Compare runs and studies: per point (a spec without its seed, or a study point) the mean over seeds with its 95 % interval',
  builder: (yargs) => yargs
    .positional('folders', { type: 'string', array: true, demandOption: true, describe: 'Run folders and study folders' })
    .option('difference', { type: 'string', array: true, default: [] as string[], describe: 'Also the paired difference OF − MINUS of two phases of the same runs, as OF,MINUS (repeatable)' })
    .option('json', { type: 'boolean', default: false, describe: 'Print JSON for machines' }) as unknown as Argv<CompareArguments>,
  handler: async (args: ArgumentsCamelCase<CompareArguments>) => {
    const { executeCompare } = await import('../study/execute-compare.js');
    process.exitCode = executeCompare(args);
  },
};
