// `ontogeny resume <run-dir>`: continues an interrupted run from its latest checkpoint, with the spec recorded in its folder.
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { GlobalOptions } from '../global-options.js';

interface ResumeArguments extends GlobalOptions {
  runDir: string;
  data?: string;
  quiet: boolean;
}

export const resumeCommand: CommandModule<GlobalOptions, ResumeArguments> = {
  command: 'resume <run-dir>',
  describe: 'Continue an interrupted run from its latest checkpoint (the result is the one an uninterrupted run gives)',
  builder: (yargs) => yargs
    .positional('run-dir', { type: 'string', demandOption: true, describe: 'A run directory written by `ontogeny run`' })
    .option('data', { type: 'string', describe: 'The folder the run read its data from, when it was given with --data' })
    .option('quiet', { type: 'boolean', default: false, describe: 'Print only the final line' }) as unknown as Argv<ResumeArguments>,
  handler: async (args: ArgumentsCamelCase<ResumeArguments>) => {
    const [{ executeRun }, { dirname, join, resolve }] = await Promise.all([import('../execute-run.js'), import('node:path')]);
    const runDir = resolve(args.runDir);
    process.exitCode = await executeRun({
      ...args, spec: join(runDir, 'spec.json'), out: dirname(runDir), expectedFolder: runDir, resume: true,
    });
  },
};
