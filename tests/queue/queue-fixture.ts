// What the queue tests share: a study's runs from the quickstart, worker processes, and waits on their output.
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { loadRegistry, openRunQueue, parseQueueUrl, resolveStudyRuns, type StudyRun } from '@ontogeny/cli';
import { repositoryRoot, startCli } from '../cli/run-cli.js';
import { startRedis, type TestRedis } from './redis-server.js';

/** The run queue as the CLI opens it. */
type RunQueue = ReturnType<typeof openRunQueue>;

/** A failure guard for a test that waits on workers: far beyond what it takes, so that only a hang reaches it. */
export const GUARD_MS = 600_000;

/** A test file's own Redis, a folder with its run store, and the workers started on them. */
export interface QueueBench {
  readonly redis: TestRedis;
  /** A fresh folder for the file's other files. */
  readonly folder: string;
  /** The run store the workers write, inside `folder`. */
  readonly store: string;
  /** `ontogeny worker` on this Redis and store, stopped with the rest after the file's tests. */
  startWorker(extra?: readonly string[]): Promise<WorkerProcess>;
  /** The workers started so far. */
  workers(): readonly WorkerProcess[];
  /** Aborted after the file's tests: give it to every in-process follower, so that a failed test leaves none running. */
  readonly signal: AbortSignal;
  /** A client of the run queue, closed after the file's tests. */
  openQueue(): RunQueue;
}

/** Starts a Redis before the file's tests, and stops it and every worker after them. */
export function queueBench(name: string): QueueBench {
  const folder = mkdtempSync(join(tmpdir(), `ontogeny-${name}-`));
  const store = join(folder, 'store');
  const workers: WorkerProcess[] = [];
  const queues: RunQueue[] = [];
  const finished = new AbortController();
  let redis: TestRedis | null = null;
  before(async () => { redis = await startRedis(); });
  after(async () => {
    finished.abort(new Error('the test file has ended'));
    await Promise.all(queues.map((queue) => queue.close()));
    await Promise.all(workers.map((worker) => worker.stop()));
    await redis?.stop();
  });
  return {
    get redis() {
      if (!redis) throw new Error('the bench\'s Redis is started before the tests only');
      return redis;
    },
    folder,
    store,
    async startWorker(extra = []) {
      const worker = await startWorker(this.redis.url, store, extra);
      workers.push(worker);
      return worker;
    },
    workers: () => workers,
    signal: finished.signal,
    openQueue() {
      const queue = openRunQueue(parseQueueUrl(this.redis.url, '--queue'));
      queues.push(queue);
      return queue;
    },
  };
}

/** The quickstart lifespan once per seed (changed by `change`), resolved as a study would resolve it with `plugins`. */
export async function quickstartRuns(
  seeds: readonly number[], change: (spec: Record<string, unknown>) => Record<string, unknown> = (spec) => spec, plugins: readonly string[] = [],
): Promise<StudyRun[]> {
  const base = JSON.parse(readFileSync('experiments/quickstart.json', 'utf8')) as Record<string, unknown>;
  return resolveStudyRuns(seeds.map((seed) => change({ ...base, seed })), {
    registry: await loadRegistry(plugins), file: 'experiments/quickstart.json', dataDir: null,
  });
}

/** An `ontogeny worker` process and everything it has printed so far. */
export interface WorkerProcess {
  readonly child: ChildProcessWithoutNullStreams;
  output(): string;
  /** Resolves once the output matches `pattern` (rejects if the worker exits first). */
  printed(pattern: RegExp): Promise<void>;
  /** SIGTERM, and the exit code once it has stopped. */
  stop(): Promise<number | null>;
}

/** Starts `ontogeny worker` on `url` into `store` with one run at a time; resolves once it listens to the queue. */
export async function startWorker(url: string, store: string, extra: readonly string[] = []): Promise<WorkerProcess> {
  const child = startCli(['worker', '--queue', url, '--store', store, '--jobs', '1', ...extra]);
  let output = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const worker: WorkerProcess = {
    child,
    output: () => output,
    printed: (pattern) => new Promise<void>((resolve, reject) => {
      const check = () => {
        if (pattern.test(output)) {
          listeners.delete(check);
          resolve();
        }
      };
      listeners.add(check);
      check();
      child.once('exit', (code, signal) => reject(new Error(`the worker exited (${code ?? signal}) before printing ${pattern}:\n${output}`)));
    }),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await exited as [number | null];
      return code;
    },
  };
  await worker.printed(/^worker on /m);
  return worker;
}

/** The run folder names a worker's output says it computed ("done: <run> in <store>"). */
export function runsDoneBy(worker: WorkerProcess): string[] {
  return [...worker.output().matchAll(/^done: (\S+) in /gm)].map((match) => match[1]);
}

/** Resolves with the first value of `look` that is not undefined, looking again every 50 ms until `signal` aborts. */
export async function whenDefined<T>(look: () => Promise<T | undefined>, signal: AbortSignal): Promise<T> {
  for (;;) {
    const value = await look();
    if (value !== undefined) return value;
    await sleep(50, undefined, { signal });
  }
}

/** The study fixture's CI profile cut to 2 seeds × 2 and 32 bits, without claims: 4 short runs. */
export function smallStudy(): string {
  const spec = JSON.parse(readFileSync(resolve(repositoryRoot, 'tests/study/fixtures/quickstart-bits.study.json'), 'utf8'));
  spec.base = resolve(repositoryRoot, 'experiments/quickstart.json');
  delete spec.$schema;
  spec.claims = [];
  spec.profiles.ci.seeds = 2;
  spec.profiles.ci.vary.axes.bits.values = [2];
  const file = join(mkdtempSync(join(tmpdir(), 'ontogeny-small-study-')), 'study.json');
  writeFileSync(file, JSON.stringify(spec));
  return file;
}
