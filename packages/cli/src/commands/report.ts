// `ontogeny report <run-dir | study-dir>…`: one self-contained HTML file of the runs' and studies' figures and tables; --png writes each figure as a PNG too.
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { GlobalOptions } from '../global-options.js';

interface ReportArguments extends GlobalOptions {
  dirs: string[];
  out: string;
  png?: string;
}

export const reportCommand: CommandModule<GlobalOptions, ReportArguments> = {
  command: 'report <dirs..>',
  describe: 'Draw runs and studies as one self-contained HTML report (SVG figures, no network)',
  builder: (yargs) => yargs
    .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'Run folders written by `ontogeny run` and study folders written by `ontogeny study` (a section each; a study is followed by its runs)' })
    .option('out', { type: 'string', default: 'report.html', describe: 'The HTML file to write' })
    .option('png', { type: 'string', describe: 'Also write each figure as a PNG into this folder (default: none)' }) as unknown as Argv<ReportArguments>,
  handler: async (args: ArgumentsCamelCase<ReportArguments>) => {
    const [{ writeReport }, { reportFailure, EXIT_OK }, { reportFigureSources }] = await Promise.all([
      import('../report/write-report.js'), import('../exit-codes.js'), import('../report/figure-sources.js'),
    ]);
    try {
      const written = await writeReport({ folders: args.dirs, out: args.out, png: args.png, figures: reportFigureSources });
      process.stdout.write(`report in ${written.html}${written.pngs.length > 0 ? ` (${written.pngs.length} PNG figures in ${args.png})` : ''}\n`);
      process.exitCode = EXIT_OK;
    } catch (error) {
      process.exitCode = reportFailure(error, args.debug);
    }
  },
};
