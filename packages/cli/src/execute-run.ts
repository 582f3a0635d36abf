// The body of `ontogeny run`: prepare (every input error surfaces here, before any file is written), then run.
import { resolve } from 'node:path';
import { connectable } from 'rxjs';
import { errors, prepareLifespan, RunDirectory, runLifespan, type PreparedLifespan } from '@ontogeny/core';
import { EXIT_OK, reportFailure } from './exit-codes.js';
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
  readonly plugin: readonly string[];
  readonly debug: boolean;
}

/** Runs the lifespan of `options.spec`; returns the exit code. */
export async function executeRun(options: ExecuteRunOptions): Promise<number> {
  let directory: RunDirectory;
  let prepared: PreparedLifespan;
  try {
    const registry = await loadRegistry(options.plugin);
    prepared = await prepareLifespan({
      spec: readSpec(options.spec), file: options.spec, registry, backends: kernelBackends,
      seed: options.seed, kernel: options.kernel, dataDir: options.data ? resolve(options.data) : null,
    });
    directory = new RunDirectory(resolve(options.out), prepared).create();
  } catch (error) {
    return reportFailure(error, options.debug);
  }
  if (prepared.kernelNotice) process.stderr.write(`note: ${prepared.kernelNotice}\n`);
  // Connected only once every subscriber is listening, so none misses the first events.
  const events = connectable(runLifespan(prepared, { checkpointDir: directory.checkpointDir, runDirectory: directory.path }));
  const recording = directory.attach(events);
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
  if (failure) return reportFailure(failure, options.debug);
  process.stdout.write(`results in ${directory.path}/ (summary.json, metrics.csv, events.jsonl)\n`);
  return EXIT_OK;
}
