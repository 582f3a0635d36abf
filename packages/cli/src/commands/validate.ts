// `ontogeny validate <spec>`: checks a spec against the schema of the registered plugins, and its cross-references.
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { CommandLinePlugins } from '../command-line-plugins.js';
import { withKernelFlag } from '../flag-choices.js';
import type { GlobalOptions } from '../global-options.js';

interface ValidateArguments extends GlobalOptions {
  spec: string;
  data?: string;
  kernel?: string;
  seed?: string;
}

/** `validate`, its --kernel choices and registry from the command line's --plugin packages. */
export const validateCommand = (plugins: CommandLinePlugins): CommandModule<GlobalOptions, ValidateArguments> => ({
  command: 'validate <spec>',
  describe: 'Check a spec as `run` does before any work — schema, plugins and their options, tasks and their data, the model (exit 0 if valid, 2 if not)',
  builder: async (yargs) => (await withKernelFlag(yargs, plugins))
    .positional('spec', { type: 'string', demandOption: true, describe: 'Path of the spec (JSON)' })
    .option('data', { type: 'string', describe: "Folder where tasks look for their data files (default: each task's own)" })
    .option('seed', { type: 'string', describe: "Seed of every random stream (integer; default: the spec's, else 0)" }) as unknown as Argv<ValidateArguments>,
  handler: async (args: ArgumentsCamelCase<ValidateArguments>) => {
    const [{ prepareRun }, { reportFailure, EXIT_OK }, { validationFailure }] = await Promise.all([
      import('../prepare-run.js'), import('../exit-codes.js'), import('../validation-failure.js'),
    ]);
    try {
      const { spec, runName } = await prepareRun({ ...args, registry: () => plugins.registry() });
      const phases = spec.phases.map((phase) => phase.name);
      process.stdout.write(args.json
        ? `${JSON.stringify({ file: args.spec, valid: true, name: spec.name, phases, runFolder: runName })}\n`
        : `${args.spec}: valid — ${phases.length} phases: ${phases.join(' → ')} (run folder ${runName})\n`);
      process.exitCode = EXIT_OK;
    } catch (error) {
      if (args.json) process.stdout.write(`${JSON.stringify(validationFailure(args.spec, error))}\n`);
      process.exitCode = reportFailure(error, args.debug);
    }
  },
});
