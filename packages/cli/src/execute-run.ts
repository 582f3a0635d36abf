// The body of `ontogeny run` and `ontogeny resume`: prepare (every input error surfaces here, before any file is written), then run in the store.
import { basename, join, resolve } from 'node:path';
import { errors, prepareLifespan, runInStore, specOfRunFolder, type PreparedLifespan } from '@ontogeny/core';
import { withEvaluateEvents } from './evaluate-events.js';
import { EXIT_OK, reportFailure } from './exit-codes.js';
import { serveRun, type RunLiveView } from './live/serve-run.js';
import { kernelBackends, loadRegistry } from './plugin-loading.js';
import { readSpec } from './read-spec.js';
import { progressReporter } from './reporters/progress.js';

export interface ExecuteRunOptions {
  readonly spec: string;
  readonly out: string;
  readonly data?: string;
  readonly kernel?: string;
  readonly seed?: number;
  readonly quiet: boolean;
  /** Serve a live view on this port (0: any free one) and keep it up after the run until Ctrl-C. */
  readonly serve?: number;
  /** Evaluate after every pruning event of every prune phase (`--evaluate-events`). */
  readonly evaluateEvents?: boolean;
  /** Continue an interrupted run of this spec from its latest checkpoint (`--resume`). */
  readonly resume?: boolean;
  /** Clear the run's folder and run it again (`--force`). */
  readonly force?: boolean;
  /** `ontogeny resume`: the folder the prepared spec must name, else its spec or data changed since. */
  readonly expectedFolder?: string;
  readonly plugin: readonly string[];
  readonly debug: boolean;
}

/** Runs the lifespan of `options.spec` into the store `options.out`; returns the exit code. */
export async function executeRun(options: ExecuteRunOptions): Promise<number> {
  let prepared: PreparedLifespan;
  let live: RunLiveView | null = null;
  try {
    const registry = await loadRegistry(options.plugin);
    const spec = options.expectedFolder !== undefined ? specOfRunFolder(readSpec(options.spec)) : readSpec(options.spec);
    prepared = await prepareLifespan({
      spec: options.evaluateEvents ? withEvaluateEvents(spec) : spec, file: options.spec, registry, backends: kernelBackends,
      seed: options.seed, kernel: options.kernel, dataDir: options.data ? resolve(options.data) : null,
    });
    if (options.expectedFolder !== undefined && prepared.runName !== basename(options.expectedFolder)) {
      throw errors.RUN_STORE_UNUSABLE(options.expectedFolder, `its spec.json now names the run ${prepared.runName}: the plugins or the data differ from the run's — give the --data it ran with`);
    }
    if (options.serve !== undefined) live = await serveRun(join(resolve(options.out), prepared.runName), options.serve);
  } catch (error) {
    return reportFailure(error, options.debug);
  }
  if (prepared.kernelNotice) process.stderr.write(`note: ${prepared.kernelNotice}\n`);
  const write = (text: string) => process.stdout.write(text);
  const narrate = progressReporter({ tty: Boolean(process.stdout.isTTY) && !process.env.CI, quiet: options.quiet, write });
  const stop = new AbortController();
  const interrupt = () => stop.abort('interrupted (Ctrl-C); continue it with --resume');
  process.once('SIGINT', interrupt);
  let code: number;
  try {
    const result = await runInStore(options.out, prepared, {
      resume: options.resume, force: options.force, signal: stop.signal,
      onDamagedCheckpoint: (_file, reason) => process.stderr.write(`note: passing over a damaged checkpoint: ${reason}\n`),
      observe: (events, resumedFrom) => {
        if (resumedFrom && !options.quiet) write(`resuming from ${resumedFrom}\n`);
        events.subscribe({ next: narrate, error: () => {} });
        if (live) {
          live.follow(events);
          write(`live view at ${live.url}\n`);
        }
      },
    });
    write(result.reused
      ? `already completed: results in ${result.runDir}/ (summary.json, metrics.csv, events.jsonl) — --force runs it again\n`
      : `results in ${result.runDir}/ (summary.json, metrics.csv, events.jsonl)\n`);
    code = EXIT_OK;
  } catch (error) {
    code = reportFailure(error, options.debug);
  } finally {
    process.off('SIGINT', interrupt);
  }
  await live?.stayUp(write);
  return code;
}
