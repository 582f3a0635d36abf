// The yargs program: one command module per verb, the global options, -h/-v, suggestions and examples.
import { createRequire } from 'node:module';
import yargs, { type Argv, type CommandModule } from 'yargs';
import { dropOutputWhenClosed } from './closed-stdout.js';
import { CommandLinePlugins } from './command-line-plugins.js';
import { COMMAND_EXAMPLES } from './command-examples.js';
import { compareCommand } from './commands/compare.js';
import { exportCommand } from './commands/export.js';
import { inspectCommand } from './commands/inspect.js';
import { planCommand } from './commands/plan.js';
import { pluginsCommand } from './commands/plugins.js';
import { reportCommand } from './commands/report.js';
import { resumeCommand } from './commands/resume.js';
import { runCommand } from './commands/run.js';
import { schemaCommand } from './commands/schema.js';
import { serveCommand } from './commands/serve.js';
import { studyCommand } from './commands/study.js';
import { validateCommand } from './commands/validate.js';
import { workerCommand } from './commands/worker.js';
import { EXIT_BAD_INPUT } from './exit-codes.js';
import { InvalidChoice, invalidChoice, parsedArguments } from './flag-choices.js';
import type { GlobalOptions } from './global-options.js';

// src/ and dist/ both sit one folder below the package's manifest.
const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** The commands in the order --help lists them; `run` and `validate` check --kernel against the --plugin packages. */
function commandsFor(plugins: CommandLinePlugins) {
  return [
    runCommand(plugins), resumeCommand, planCommand, studyCommand, compareCommand, workerCommand, validateCommand(plugins), schemaCommand,
    pluginsCommand, exportCommand, inspectCommand, reportCommand, serveCommand,
  ];
}

/** The command with its examples added to its help. */
function withExamples<A>(command: CommandModule<GlobalOptions, A>): CommandModule<GlobalOptions, A> {
  const name = String(command.command).split(' ')[0]!;
  const builder = command.builder;
  return {
    ...command,
    builder: async (program: Argv<GlobalOptions>) => {
      const built = (typeof builder === 'function' ? await builder(program) : program.options(builder ?? {})) as Argv<A>;
      return (COMMAND_EXAMPLES[name] ?? []).reduce((help, [line, what]) => help.example(line, what), built);
    },
  };
}

/** Parses `argv` (without the node and script names) and runs the command; sets process.exitCode. */
export async function runCli(argv: readonly string[]): Promise<void> {
  dropOutputWhenClosed();
  const commands = commandsFor(CommandLinePlugins.of(argv));
  const program = yargs([...argv])
    .scriptName('ontogeny')
    .usage('$0 <command> [options]\n\nSimulate the lifespan of a sparse neural network.')
    .option('plugin', { type: 'string', array: true, default: [] as string[], describe: 'A plugin module, package folder or installed package name to load (repeatable)' })
    .option('json', { type: 'boolean', default: false, describe: 'Machine-readable output: run prints each event as a JSON line; validate, plan and plugins print JSON' })
    .option('debug', { type: 'boolean', default: false, describe: 'Show stack traces with errors' });
  for (const command of commands) program.command(withExamples(command as CommandModule<GlobalOptions, unknown>) as never);
  await program
    .example('$0 run experiments/quickstart.json', 'Run a whole lifespan in seconds')
    .example('$0 plan experiments/fashion-transfer.json', 'See what a spec will do before it runs')
    .example('$0 <command> --help', 'The options and examples of a command')
    .demandCommand(1, `Name a command: ${commands.map((command) => String(command.command).split(' ')[0]).join(', ')}.`)
    .recommendCommands()
    .strict()
    .fail((message, error) => {
      if (error) throw error;
      // A value outside a flag's choices is blamed on the flag, with the catalogue's code (reported below)
      const choice = invalidChoice(program);
      if (choice) throw choice;
      process.stderr.write(`ontogeny: ${message}\n`);
      const command = String((parsedArguments(program)._ as unknown[] | undefined)?.[0] ?? '');
      process.stderr.write(`Run \`ontogeny ${COMMAND_EXAMPLES[command] ? `${command} ` : ''}--help\` for the options and examples.\n`);
      process.exit(EXIT_BAD_INPUT);
    })
    .help()
    .alias('h', 'help')
    .version(version)
    .alias('v', 'version')
    .epilogue('Exit codes: 0 success, 2 bad input (nothing written), 1 a failed run. Errors: docs/errors.md.')
    .wrap(Math.min(120, yargs().terminalWidth()))
    .parseAsync()
    .catch(async (error: unknown) => {
      if (!(error instanceof InvalidChoice)) throw error;
      const [{ errors }, { reportFailure }, { validationFailure }] = await Promise.all([
        import('@ontogeny/core'), import('./exit-codes.js'), import('./validation-failure.js'),
      ]);
      const failure = errors.OPTION_INVALID(error.flag, `one of ${error.choices.join(', ')}`, JSON.stringify(error.found));
      const args = error.argv;
      // `validate --json` gives its verdict on stdout whatever made the spec unusable
      if (args.json === true && (args._ as unknown[])[0] === 'validate') process.stdout.write(`${JSON.stringify(validationFailure(String(args.spec), failure))}\n`);
      process.exitCode = reportFailure(failure, args.debug === true);
    });
}
