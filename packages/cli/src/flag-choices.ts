// Flags whose values are an enumeration: yargs lists the choices in --help and refuses any other value, which is reported as ONT_OPTION_INVALID on the flag.
import type { Argv } from 'yargs';
import type { CommandLinePlugins } from './command-line-plugins.js';

/** A flag given a value outside its choices; `argv`: the whole command line as parsed. */
export class InvalidChoice extends Error {
  constructor(readonly flag: string, readonly choices: readonly string[], readonly found: unknown, readonly argv: Readonly<Record<string, unknown>>) {
    super(`${flag}: a value outside its choices`);
  }
}

/** The first flag of the command line `program` parsed whose value is not one of its choices; null when there is none. */
export function invalidChoice(program: Argv): InvalidChoice | null {
  // getOptions is yargs's own (its types leave it out): the options of the command parsed, choices included
  const choices = (program as unknown as { getOptions(): { choices?: Record<string, readonly string[]> } }).getOptions().choices ?? {};
  const argv = parsedArguments(program);
  for (const [key, allowed] of Object.entries(choices)) {
    const found = [argv[key]].flat().find((value) => value !== undefined && !allowed.includes(value as string));
    if (found !== undefined) return new InvalidChoice(`--${key}`, allowed, found, argv);
  }
  return null;
}

/** The arguments `program` parsed (yargs's `parsed`, false before parsing). */
export function parsedArguments(program: Argv): Readonly<Record<string, unknown>> {
  const parsed = (program as unknown as { parsed: { argv: Record<string, unknown> } | false }).parsed;
  return parsed ? parsed.argv : {};
}

/**
 * Adds `--kernel`, whose choices are `auto` and every kernel plugin: the core's and those of the command line's
 * --plugin packages, loaded for the purpose. When a package cannot be loaded the flag takes any name, and the command
 * then reports the failure.
 */
export async function withKernelFlag<A>(yargs: Argv<A>, plugins: CommandLinePlugins): Promise<Argv<A & { kernel: string | undefined }>> {
  const kernels = await kernelNames(plugins);
  return yargs.option('kernel', {
    type: 'string', ...(kernels ? { choices: ['auto', ...kernels] } : {}),
    describe: "Kernel plugin: auto picks the available one of highest priority (default: the spec's, else auto)",
  });
}

/**
 * The registered kernels' names: without --plugin the core's, so that `run --help` loads no plugin; null when a
 * package fails to load.
 */
async function kernelNames(plugins: CommandLinePlugins): Promise<readonly string[] | null> {
  if (plugins.sources.length === 0) {
    const { nativeKernelPlugin, referenceKernelPlugin } = await import('@ontogeny/core');
    return [nativeKernelPlugin.name, referenceKernelPlugin.name];
  }
  try {
    return (await plugins.registry()).names('kernel');
  } catch {
    return null;
  }
}

/** Adds `--kind`, whose choices are the plugin kinds. */
export async function withKindFlag<A>(yargs: Argv<A>): Promise<Argv<A & { kind: string | undefined }>> {
  const { PLUGIN_KINDS } = await import('@ontogeny/core');
  return yargs.option('kind', { type: 'string', choices: [...PLUGIN_KINDS], describe: 'Only the plugins of this kind' });
}
