// `ontogeny run <spec>`: validates everything, then runs the lifespan into runs/<name>-<hash>/.
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { CommandLinePlugins } from '../command-line-plugins.js';
import { withKernelFlag } from '../flag-choices.js';
import type { GlobalOptions } from '../global-options.js';
import { DEFAULT_PORT, servePort } from '../live/serve-port.js';

interface RunArguments extends GlobalOptions {
  spec: string;
  out: string;
  data?: string;
  kernel?: string;
  seed?: string;
  quiet: boolean;
  serve?: number;
  evaluateEvents: boolean;
  resume?: boolean;
  force?: boolean;
  failOnDiverge: boolean;
}

/** `run`, its --kernel choices and registry from the command line's --plugin packages. */
export const runCommand = (plugins: CommandLinePlugins): CommandModule<GlobalOptions, RunArguments> => ({
  command: 'run <spec>',
  describe: 'Run a lifespan from a JSON spec',
  builder: async (yargs) => (await withKernelFlag(yargs, plugins))
    .positional('spec', { type: 'string', demandOption: true, describe: 'Path of the spec (JSON)' })
    .option('out', { type: 'string', default: 'runs', describe: 'Folder that receives the run directory <name>-<hash>' })
    .option('data', { type: 'string', describe: 'Folder where tasks look for their data files (default: each task\'s own)' })
    .option('seed', { type: 'string', describe: 'Seed of every random stream (integer; default: the spec\'s, else 0)' })
    .option('quiet', { type: 'boolean', default: false, describe: 'Print only the final line' })
    .option('serve', {
      describe: `Serve a live view of the run at http://127.0.0.1:PORT/ and keep it up after the run until Ctrl-C (port; ${DEFAULT_PORT} when given without one, 0 = any free port)`,
      coerce: servePort,
    })
    .option('evaluate-events', { type: 'boolean', default: false, describe: 'Evaluate on the test split after every pruning event of every prune phase, as "evaluateEvents": true would' })
    .option('resume', { type: 'boolean', describe: "Continue the run's folder from its latest checkpoint when an earlier run of it was interrupted (default false)" })
    .option('force', { type: 'boolean', describe: "Clear the run's folder and run it again, even when it is completed (default false)" })
    .option('fail-on-diverge', { type: 'boolean', default: false, describe: 'Exit 1 when a phase diverges (NaN or Inf in the loss or the weights); the run still completes' })
    .conflicts('resume', 'force') as unknown as Argv<RunArguments>,
  handler: async (args: ArgumentsCamelCase<RunArguments>) => {
    const { executeRun } = await import('../execute-run.js');
    process.exitCode = await executeRun({ ...args, registry: () => plugins.registry() });
  },
});
