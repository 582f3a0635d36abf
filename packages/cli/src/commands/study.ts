// `ontogeny study <study>`: a study's runs on a local worker pool, aggregated over seeds, its claims judged.
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { GlobalOptions } from '../global-options.js';
import { withScaleOutOptions, type ScaleOutArguments } from '../scale-out/scale-out-options.js';

interface StudyArguments extends GlobalOptions, ScaleOutArguments {
  study: string;
  profile?: string;
  store: string;
  out: string;
  jobs?: number;
  data?: string;
  quiet: boolean;
}

export const studyCommand: CommandModule<GlobalOptions, StudyArguments> = {
  command: 'study <study>',
  describe: 'Run a study (a lifespan over seeds and varied settings), aggregate it and check its claims; exit 3 when a claim fails',
  builder: (yargs) => withScaleOutOptions(yargs
    .positional('study', { type: 'string', demandOption: true, describe: 'Path of the study spec (JSON)' })
    .option('profile', { type: 'string', describe: "A profile of the study, e.g. ci (default: the study as written)" })
    .option('store', { type: 'string', default: 'runs', describe: 'The run store: folder of the runs <name>-<hash>/, complete ones reused' })
    .option('out', { type: 'string', default: 'studies', describe: 'Folder that receives the study folder <name>[-<profile>]' })
    .option('jobs', { type: 'number', describe: 'Runs at once, one worker thread each (integer; default: the cores)' })
    .option('data', { type: 'string', describe: "Folder where tasks look for their data files (default: each task's own)" })
    .option('quiet', { type: 'boolean', default: false, describe: 'Print only the final line and errors' })) as unknown as Argv<StudyArguments>,
  handler: async (args: ArgumentsCamelCase<StudyArguments>) => {
    const { executeStudy } = await import('../study/execute-study.js');
    process.exitCode = await executeStudy(args);
  },
};
