// `ontogeny plan <spec>`: what a spec will do, without running it — phases, steps, events, kept weights, a time estimate.
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { GlobalOptions } from '../global-options.js';

interface PlanArguments extends GlobalOptions {
  spec: string;
  data?: string;
}

export const planCommand: CommandModule<GlobalOptions, PlanArguments> = {
  command: 'plan <spec>',
  describe: 'Show what a spec will do without running it: phases, steps, pruning events, kept weights, time',
  builder: (yargs) => yargs
    .positional('spec', { type: 'string', demandOption: true, describe: 'Path of the spec (JSON)' })
    .option('data', { type: 'string', describe: 'Folder where tasks look for their data files (default: each task\'s own)' }) as unknown as Argv<PlanArguments>,
  handler: async (args: ArgumentsCamelCase<PlanArguments>) => {
    const [{ prepareLifespan }, { loadRegistry }, { readSpec }, { reportFailure, EXIT_OK }, { planLifespan }, { formatPlan }, { resolve }] = await Promise.all([
      import('@ontogeny/core'), import('../plugin-loading.js'), import('../read-spec.js'), import('../exit-codes.js'),
      import('../plan/plan-lifespan.js'), import('../plan/format-plan.js'), import('node:path'),
    ]);
    try {
      const prepared = await prepareLifespan({
        spec: readSpec(args.spec), file: args.spec, registry: await loadRegistry(args.plugin),
        dataDir: args.data === undefined ? null : resolve(args.data),
      });
      const plan = planLifespan(prepared);
      process.stdout.write(args.json ? `${JSON.stringify(plan, null, 2)}\n` : formatPlan(plan));
      process.exitCode = EXIT_OK;
    } catch (error) {
      process.exitCode = reportFailure(error, args.debug);
    }
  },
};
