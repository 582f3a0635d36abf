// The body of `ontogeny run` and `ontogeny resume`: prepare (every input error surfaces here, before any file is written), then run in the store.
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { errors, runInStore, type PreparedLifespan, type Summary } from '@ontogeny/core';
import { EXIT_OK, EXIT_RUN_FAILED, reportFailure } from './exit-codes.js';
import { serveRun, type RunLiveView } from './live/serve-run.js';
import { prepareRun, type PrepareFlags } from './prepare-run.js';
import { progressReporter } from './reporters/progress.js';

export interface ExecuteRunOptions extends PrepareFlags {
  readonly out: string;
  readonly quiet: boolean;
  /** Serve a live view on this port (0: any free one) and keep it up after the run until Ctrl-C. */
  readonly serve?: number;
  /** Continue an interrupted run of this spec from its latest checkpoint (`--resume`). */
  readonly resume?: boolean;
  /** Clear the run's folder and run it again (`--force`). */
  readonly force?: boolean;
  /** `ontogeny resume`: the folder the prepared spec must name, else its spec or data changed since. */
  readonly expectedFolder?: string;
  /** Exit 1 when a phase diverged (`--fail-on-diverge`). */
  readonly failOnDiverge?: boolean;
  /** Every event as a JSON line on stdout instead of the narration (`--json`). */
  readonly json?: boolean;
  readonly debug: boolean;
}

/** Runs the lifespan of `options.spec` into the store `options.out`; returns the exit code. */
export async function executeRun(options: ExecuteRunOptions): Promise<number> {
  let prepared: PreparedLifespan;
  let live: RunLiveView | null = null;
  try {
    prepared = await prepareRun({ ...options, recorded: options.expectedFolder !== undefined });
    if (options.expectedFolder !== undefined && prepared.runName !== basename(options.expectedFolder)) {
      throw errors.RUN_STORE_UNUSABLE(options.expectedFolder, `its spec.json now names the run ${prepared.runName}: the plugins or the data differ from the run's — give the --data it ran with`);
    }
    if (options.serve !== undefined) live = await serveRun(join(resolve(options.out), prepared.runName), options.serve);
  } catch (error) {
    return reportFailure(error, options.debug);
  }
  if (prepared.kernelNotice) process.stderr.write(`note: ${prepared.kernelNotice}\n`);
  const write = (text: string) => process.stdout.write(text);
  const narrate = progressReporter({ tty: Boolean(process.stdout.isTTY) && !process.env.CI, quiet: options.quiet, json: options.json, write });
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
    if (!options.json) write(result.reused
      ? `already completed: results in ${result.runDir}/ (summary.json, metrics.csv, events.jsonl) — --force runs it again\n`
      : `results in ${result.runDir}/ (summary.json, metrics.csv, events.jsonl)\n`);
    code = options.failOnDiverge ? divergedExit(result.runDir) : EXIT_OK;
  } catch (error) {
    code = reportFailure(error, options.debug);
  } finally {
    process.off('SIGINT', interrupt);
  }
  await live?.stayUp(write);
  return code;
}

/** With --fail-on-diverge: 1 (naming the phases) when a phase of the run diverged, else 0. */
function divergedExit(runDir: string): number {
  const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as Summary;
  const diverged = summary.phases.filter((phase) => phase.diverged).map((phase) => phase.name);
  if (diverged.length === 0) return EXIT_OK;
  process.stderr.write(`ontogeny: the run diverged (NaN or Inf) in phase${diverged.length > 1 ? 's' : ''} ${diverged.join(', ')} — failing as --fail-on-diverge asks\n`);
  return EXIT_RUN_FAILED;
}
