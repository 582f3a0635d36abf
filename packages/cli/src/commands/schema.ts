// `ontogeny schema`: prints the spec's JSON Schema for the registered plugins (point a spec's "$schema" at it).
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { GlobalOptions } from '../global-options.js';

interface SchemaArguments extends GlobalOptions {
  study: boolean;
}

export const schemaCommand: CommandModule<GlobalOptions, SchemaArguments> = {
  command: 'schema',
  describe: "Print the spec's JSON Schema (draft 2020-12), composed from the registered plugins",
  builder: (yargs) => yargs
    .option('study', { type: 'boolean', default: false, describe: "Print the study spec's schema instead, which embeds the lifespan spec's" }) as unknown as Argv<SchemaArguments>,
  handler: async (args: ArgumentsCamelCase<SchemaArguments>) => {
    const [{ buildStudySchema, specSchema }, { loadRegistry }, { reportFailure }] = await Promise.all([
      import('@ontogeny/core'), import('../plugin-loading.js'), import('../exit-codes.js'),
    ]);
    try {
      const lifespan = specSchema(await loadRegistry(args.plugin));
      process.stdout.write(`${JSON.stringify(args.study ? buildStudySchema(lifespan) : lifespan, null, 2)}\n`);
    } catch (error) {
      process.exitCode = reportFailure(error, args.debug);
    }
  },
};
