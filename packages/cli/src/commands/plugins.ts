// `ontogeny plugins [--kind K]`: every plugin with its kind, version, source, and options with their defaults.
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { withKindFlag } from '../flag-choices.js';
import type { GlobalOptions } from '../global-options.js';

interface PluginsArguments extends GlobalOptions {
  kind?: string;
}

export const pluginsCommand: CommandModule<GlobalOptions, PluginsArguments> = {
  command: 'plugins',
  describe: 'List the plugins: kind, name, version, source, options and defaults',
  builder: async (yargs) => (await withKindFlag(yargs)) as unknown as Argv<PluginsArguments>,
  handler: async (args: ArgumentsCamelCase<PluginsArguments>) => {
    const [{ kernelBackends, loadRegistry }, { reportFailure }, { formatPlugins }] = await Promise.all([
      import('../plugin-loading.js'), import('../exit-codes.js'), import('../format-plugins.js'),
    ]);
    try {
      const registry = await loadRegistry(args.plugin);
      const plugins = registry.list(args.kind as never);
      process.stdout.write(formatPlugins(plugins, args.kind === undefined || args.kind === 'kernel' ? kernelBackends : [], args.json));
    } catch (error) {
      process.exitCode = reportFailure(error, args.debug);
    }
  },
};
