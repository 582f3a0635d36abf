// The yargs program: one command module per verb, global --plugin and --debug.
import yargs from 'yargs';
import { dropOutputWhenClosed } from './closed-stdout.js';
import { compareCommand } from './commands/compare.js';
import { exportCommand } from './commands/export.js';
import { inspectCommand } from './commands/inspect.js';
import { pluginsCommand } from './commands/plugins.js';
import { reportCommand } from './commands/report.js';
import { resumeCommand } from './commands/resume.js';
import { runCommand } from './commands/run.js';
import { schemaCommand } from './commands/schema.js';
import { serveCommand } from './commands/serve.js';
import { studyCommand } from './commands/study.js';
import { validateCommand } from './commands/validate.js';
import { workerCommand } from './commands/worker.js';

/** Parses `argv` (without the node and script names) and runs the command; sets process.exitCode. */
export async function runCli(argv: readonly string[]): Promise<void> {
  dropOutputWhenClosed();
  await yargs([...argv])
    .scriptName('ontogeny')
    .usage('$0 <command> [options]\n\nSimulate the lifespan of a sparse neural network.')
    .option('plugin', { type: 'string', array: true, default: [] as string[], describe: 'A plugin package or path to load (repeatable) (string)' })
    .option('debug', { type: 'boolean', default: false, describe: 'Show stack traces with errors (boolean)' })
    .command(runCommand as never)
    .command(resumeCommand as never)
    .command(validateCommand as never)
    .command(schemaCommand as never)
    .command(pluginsCommand as never)
    .command(exportCommand as never)
    .command(inspectCommand as never)
    .command(reportCommand as never)
    .command(serveCommand as never)
    .command(studyCommand as never)
    .command(compareCommand as never)
    .command(workerCommand as never)
    .demandCommand(1, 'Name a command: run, resume, study, compare, worker, validate, schema, plugins, export, inspect, report or serve.')
    .strict()
    .fail((message, error) => {
      if (error) throw error;
      process.stderr.write(`ontogeny: ${message}\nRun \`ontogeny --help\` for the commands and options.\n`);
      process.exit(2);
    })
    .help()
    .parseAsync();
}
