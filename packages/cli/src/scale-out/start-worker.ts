// The body of `ontogeny worker`: a BullMQ worker whose sandboxed processors run queued runs into the store.
import { mkdirSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'bullmq';
import { errors } from '@ontogeny/core';
import { OPTION_INVALID } from '../errors.js';
import { EXIT_OK, reportFailure } from '../exit-codes.js';
import { workerSettingsEnvironment, type WorkerSettings } from './worker-settings.js';
import { probeQueue } from './probe-queue.js';
import { parseQueueUrl, type QueueAddress } from './queue-url.js';
import { RUN_QUEUE_NAME, type RunJobData, type RunPointer } from './run-queue.js';

export interface StartWorkerOptions {
  readonly queue: string;
  readonly store: string;
  readonly jobs: number;
  readonly data?: string;
  readonly stalledAfter: number;
  readonly plugin: readonly string[];
  readonly debug: boolean;
}

/** The processor beside this module: TypeScript when run from the sources, JavaScript when built. */
const PROCESSOR = fileURLToPath(new URL(`./run-job-processor${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));

/** Takes jobs until SIGINT or SIGTERM, then lets the running ones finish; returns the exit code. */
export async function startWorker(options: StartWorkerOptions): Promise<number> {
  let address: QueueAddress;
  let settings: WorkerSettings;
  try {
    if (!Number.isInteger(options.jobs) || options.jobs < 1) throw OPTION_INVALID('--jobs', String(options.jobs), 'a whole number of runs at once, 1 or more');
    if (!(options.stalledAfter > 0)) throw OPTION_INVALID('--stalled-after', String(options.stalledAfter), 'a number of seconds above 0');
    address = parseQueueUrl(options.queue, '--queue');
    settings = { store: openStore(options.store), dataDir: options.data ? resolve(options.data) : null, plugins: options.plugin };
    await probeQueue(address);
  } catch (error) {
    return reportFailure(error, options.debug);
  }
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const lockDuration = options.stalledAfter * 1000;
  const worker = new Worker<RunJobData, RunPointer>(RUN_QUEUE_NAME, PROCESSOR, {
    connection: { ...address.connection, maxRetriesPerRequest: null },
    // Recorded on each job it takes, so `--status` says which machine runs what.
    name: `${hostname()}:${process.pid}`,
    concurrency: options.jobs,
    // Child processes rather than threads: each has its own kernel and memory, a crash ends only its run, and
    // they start from the sources under tsx as well as from the build.
    workerForkOptions: { env: { ...process.env, ...workerSettingsEnvironment(settings) } },
    lockDuration,
    stalledInterval: lockDuration,
    // A run that stalls this often kills every worker that takes it: fail it rather than pass it on forever.
    maxStalledCount: 2,
  });
  let connected = true;
  worker.on('active', (job) => {
    connected = true;
    say(`started ${job.data.runName} (attempt ${job.attemptsStarted})`);
  });
  worker.on('completed', (_job, pointer) => {
    const resumed = pointer.resumedFrom ? `, resumed from ${pointer.resumedFrom}` : '';
    say(`${pointer.reused ? 'already complete' : 'done'}: ${pointer.run} in ${settings.store}${resumed}`);
  });
  worker.on('failed', (job, error) => {
    if (!job) return;
    const retry = job.attemptsMade < (job.opts.attempts ?? 1) && error.name !== 'UnrecoverableError';
    say(`failed: ${job.data.runName} (attempt ${job.attemptsStarted}${retry ? ', will be retried' : ', no retry'}): ${error.message}`);
  });
  worker.on('error', (error) => {
    if (!isConnectionError(error)) {
      say(`queue error: ${error.message}`);
    } else if (connected) {
      say(`lost the queue at ${address.shown} (${error.message}); reconnecting`);
      connected = false;
    }
  });
  say(`worker on ${address.shown}: ${options.jobs} run${options.jobs === 1 ? '' : 's'} at once into ${settings.store}`);
  await new Promise<void>((stopped) => {
    const stop = () => {
      say('stopping: letting the running runs finish (again to stop at once)');
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      void worker.close().then(stopped);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return EXIT_OK;
}

/** Whether `error` is about the connection to Redis (which ioredis retries), not about a job. */
function isConnectionError(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'ETIMEDOUT' || /Connection is closed/.test(error.message);
}

/** The store's absolute path, created when missing; an input error when it names a file or can't be made. */
function openStore(store: string): string {
  const path = resolve(store);
  try {
    mkdirSync(path, { recursive: true });
    if (!statSync(path).isDirectory()) throw new Error('not a folder');
  } catch (error) {
    throw errors.RUN_STORE_UNUSABLE(`--store ${store}`, `it must be a folder this worker can write (${(error as Error).message})`);
  }
  return path;
}
