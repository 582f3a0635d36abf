// `ontogeny schema`: prints the spec's JSON Schema for the registered plugins (point a spec's "$schema" at it).
import type { ArgumentsCamelCase, CommandModule } from 'yargs';
import type { GlobalOptions } from '../global-options.js';

export const schemaCommand: CommandModule<GlobalOptions, GlobalOptions> = {
  command: 'schema',
  describe: "Print the spec's JSON Schema (draft 2020-12), composed from the registered plugins",
  handler: async (args: ArgumentsCamelCase<GlobalOptions>) => {
    const [{ specSchema }, { kernelBackends, loadRegistry }, { reportFailure }] = await Promise.all([
      import('@ontogeny/core'), import('../plugin-loading.js'), import('../exit-codes.js'),
    ]);
    try {
      process.stdout.write(`${JSON.stringify(specSchema(await loadRegistry(args.plugin), kernelBackends), null, 2)}\n`);
    } catch (error) {
      process.exitCode = reportFailure(error, args.debug);
    }
  },
};
