// `ontogeny serve <runs-dir>`: a live view of every run in a folder (or of one run folder), following each run's files as they are written.
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { GlobalOptions } from '../global-options.js';
import { DEFAULT_PORT, servePort } from '../live/serve-port.js';

interface ServeArguments extends GlobalOptions {
  dir: string;
  port: number;
}

export const serveCommand: CommandModule<GlobalOptions, ServeArguments> = {
  command: 'serve <dir>',
  describe: 'Serve a live view of the runs in a folder on 127.0.0.1, following runs as they are written (also by other processes)',
  builder: (yargs) => yargs
    .positional('dir', { type: 'string', demandOption: true, describe: 'A runs folder (like runs/), or one run folder' })
    .option('port', { default: DEFAULT_PORT, coerce: servePort, describe: `Port on 127.0.0.1 (0 = any free port)` }) as unknown as Argv<ServeArguments>,
  handler: async (args: ArgumentsCamelCase<ServeArguments>) => {
    const [{ serveFolder }, { reportFailure, EXIT_OK }] = await Promise.all([import('../live/serve-folder.js'), import('../exit-codes.js')]);
    try {
      await serveFolder(args.dir, args.port, (line) => process.stdout.write(line));
      process.exitCode = EXIT_OK;
    } catch (error) {
      process.exitCode = reportFailure(error, args.debug);
    }
  },
};
