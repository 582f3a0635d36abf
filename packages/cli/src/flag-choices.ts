// Flags whose values are an enumeration: yargs lists the choices in --help and refuses any other value, which is reported as ONT_OPTION_INVALID on the flag.
import type { Argv } from 'yargs';

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

/** Adds `--kernel`, whose choices are `auto` and the kernel backends the CLI is built with. */
export async function withKernelFlag<A>(yargs: Argv<A>): Promise<Argv<A & { kernel: string | undefined }>> {
  const { kernelBackends } = await import('./plugin-loading.js');
  return yargs.option('kernel', {
    type: 'string', choices: ['auto', ...kernelBackends.map((backend) => backend.name)],
    describe: "Kernel backend: auto picks the fastest that loads (default: the spec's, else auto)",
  });
}

/** Adds `--kind`, whose choices are the plugin kinds. */
export async function withKindFlag<A>(yargs: Argv<A>): Promise<Argv<A & { kind: string | undefined }>> {
  const { PLUGIN_KINDS } = await import('@ontogeny/core');
  return yargs.option('kind', { type: 'string', choices: [...PLUGIN_KINDS], describe: 'Only the plugins of this kind' });
}
