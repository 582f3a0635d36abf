// `ontogeny validate <spec>`: checks a spec against the schema of the registered plugins, and its cross-references.
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { GlobalOptions } from '../global-options.js';

interface ValidateArguments extends GlobalOptions {
  spec: string;
}

export const validateCommand: CommandModule<GlobalOptions, ValidateArguments> = {
  command: 'validate <spec>',
  describe: 'Check a spec without running it (exit 0 if valid, 2 if not)',
  builder: (yargs) => yargs.positional('spec', { type: 'string', demandOption: true, describe: 'Path of the spec (JSON)' }) as unknown as Argv<ValidateArguments>,
  handler: async (args: ArgumentsCamelCase<ValidateArguments>) => {
    const [{ specSchema, validateSpec, PHASE_KINDS }, { kernelBackends, loadRegistry }, { readSpec }, { reportFailure, EXIT_OK }] = await Promise.all([
      import('@ontogeny/core'), import('../plugin-loading.js'), import('../read-spec.js'), import('../exit-codes.js'),
    ]);
    try {
      const registry = await loadRegistry(args.plugin);
      const spec = validateSpec(readSpec(args.spec), args.spec, specSchema(registry, kernelBackends), PHASE_KINDS);
      process.stdout.write(`${args.spec}: valid — ${spec.phases.length} phases: ${spec.phases.map((phase) => phase.name).join(' → ')}\n`);
      process.exitCode = EXIT_OK;
    } catch (error) {
      process.exitCode = reportFailure(error, args.debug);
    }
  },
};
