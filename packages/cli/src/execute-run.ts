// The body of `ontogeny run`: prepare (every input error surfaces here, before any file is written), then run.
import { resolve } from 'node:path';
import { connectable } from 'rxjs';
import { errors, prepareLifespan, RunDirectory, runLifespan, type PreparedLifespan } from '@ontogeny/core';
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
  readonly plugin: readonly string[];
  readonly debug: boolean;
}

/** Runs the lifespan of `options.spec`; returns the exit code. */
export async function executeRun(options: ExecuteRunOptions): Promise<number> {
  let directory: RunDirectory;
  let prepared: PreparedLifespan;
  let live: RunLiveView | null = null;
  try {
    const registry = await loadRegistry(options.plugin);
    prepared = await prepareLifespan({
      spec: options.evaluateEvents ? withEvaluateEvents(readSpec(options.spec)) : readSpec(options.spec), file: options.spec, registry, backends: kernelBackends,
      seed: options.seed, kernel: options.kernel, dataDir: options.data ? resolve(options.data) : null,
    });
    directory = new RunDirectory(resolve(options.out), prepared);
    if (options.serve !== undefined) live = await serveRun(directory.path, options.serve);
    directory.create();
  } catch (error) {
    return reportFailure(error, options.debug);
  }
  if (prepared.kernelNotice) process.stderr.write(`note: ${prepared.kernelNotice}\n`);
  // Connected only once every subscriber is listening, so none misses the first events.
  const events = connectable(runLifespan(prepared, { checkpointDir: directory.checkpointDir, runDirectory: directory.path }));
  const recording = directory.attach(events);
  if (live) {
    live.follow(events);
    process.stdout.write(`live view at ${live.url}\n`);
  }
  const narrate = progressReporter({
    tty: Boolean(process.stdout.isTTY) && !process.env.CI, quiet: options.quiet, write: (text) => process.stdout.write(text),
  });
  const failure = await new Promise<unknown>((done) => {
    const subscription = events.subscribe({ next: narrate, error: done, complete: () => done(null) });
    const connection = events.connect();
    process.once('SIGINT', () => {
      subscription.unsubscribe();
      recording.unsubscribe();
      connection.unsubscribe();
      directory.close('failed');
      done(errors.RUN_ABORTED('interrupted (Ctrl-C); the files hold the phases that finished'));
    });
  });
  process.removeAllListeners('SIGINT');
  const code = failure ? reportFailure(failure, options.debug) : EXIT_OK;
  if (!failure) process.stdout.write(`results in ${directory.path}/ (summary.json, metrics.csv, events.jsonl)\n`);
  await live?.stayUp((line) => process.stdout.write(line));
  return code;
}
