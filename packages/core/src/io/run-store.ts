// The run store: a folder of run folders named <name>-<hash>, each written by one process at a time, resumed or cleared but never mixed.
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { connectable, type Observable, type Subscription } from 'rxjs';
import { RUN_ABORTED, RUN_INTERRUPTED, RUN_LOCKED, RUN_STORE_UNUSABLE } from '../errors.js';
import type { LifespanEvent } from '../lifespan/events.js';
import type { PreparedLifespan } from '../lifespan/prepare.js';
import { runLifespan } from '../lifespan/runner.js';
import { progressFolder, readLatestProgress, type Progress } from './progress-checkpoint.js';
import { acquireRunLock, LOCK_FILE, LOCK_RENEW_MS, liveLockOwner, releaseRunLock, renewRunLock, type RunLockOwner } from './run-lock.js';
import { writeRunsIndex } from './runs-index.js';
import { RunDirectory, SPEC_FILE, SUMMARY_FILE, type RunStatus, type Summary } from './run-directory.js';

/** Where a run folder stands, as another process sees it. */
export interface RunFolderStatus {
  /**
   * `absent`: nothing there; `running`: a live process writes it; `interrupted`: its writer died (killed, or the
   * machine stopped) before it ended; `completed` / `failed`: it ended so.
   */
  readonly status: 'absent' | 'running' | 'interrupted' | 'completed' | 'failed';
  /** The live process writing it, when `running`. */
  readonly writer: RunLockOwner | null;
  /** Its summary.json, when readable: the phases finished so far. */
  readonly summary: Summary | null;
}

export interface RunInStoreOptions {
  /** Continue an interrupted or failed run from its latest valid checkpoint (a folder with nothing to continue starts afresh). */
  readonly resume?: boolean;
  /** Clear the folder and run again, even over a completed run. */
  readonly force?: boolean;
  /**
   * Given the run's events before they start (narration, a live view, a study's progress), and the progress
   * checkpoint it continues from when it resumes (its events from there on only).
   */
  readonly observe?: (events: Observable<LifespanEvent>, resumedFrom: string | null) => void;
  /** Stops the run before its next step; the folder is marked failed, and can be resumed. */
  readonly signal?: AbortSignal;
  /** Told when a damaged progress checkpoint is passed over for the one before it. */
  readonly onDamagedCheckpoint?: (file: string, reason: string) => void;
}

export interface StoreRun {
  readonly runDir: string;
  readonly status: Extract<RunStatus, 'completed' | 'failed'>;
  /** The folder already held this run, completed: nothing was computed. */
  readonly reused: boolean;
  /** The progress checkpoint the run continued from, when it resumed. */
  readonly resumedFrom: string | null;
}

/**
 * Runs `prepared` into its folder `<storeDir>/<name>-<hash>`, the one entry point for every way of executing
 * runs (the CLI, a worker pool, a queue worker, a shard of an array job). The folder is locked for the run (pid,
 * host, start time in `run.lock`); summary.json says `running` until the run ends and `completed` only once
 * every file is on disk. A completed folder is returned as it is (`reused`) unless `force`; an interrupted one
 * must be resumed (`resume`) or cleared (`force`); one another live process writes is refused. Input errors
 * (an unusable store, a locked or interrupted folder) are thrown before anything is written; a run that fails
 * marks its folder failed and rejects with its error.
 *
 * @example
 * const { runDir, reused } = await runInStore('runs', prepared, { resume: true });
 */
export async function runInStore(storeDir: string, prepared: PreparedLifespan, options: RunInStoreOptions = {}): Promise<StoreRun> {
  const store = usableStore(storeDir);
  const directory = new RunDirectory(store, prepared);
  const runDir = directory.path;
  mkdirSync(runDir, { recursive: true });
  if (!acquireRunLock(runDir)) throw RUN_LOCKED(runDir, describeWriter(liveLockOwner(runDir)));
  const renewal = setInterval(() => renewRunLock(runDir), LOCK_RENEW_MS).unref();
  try {
    const status = statusOnDisk(runDir, readSummary(runDir));
    if (status === 'completed' && !options.force) return { runDir, status: 'completed', reused: true, resumedFrom: null };
    if ((status === 'interrupted' || status === 'failed') && !options.resume && !options.force) {
      throw RUN_INTERRUPTED(runDir, status === 'failed' ? 'it failed' : 'its writer stopped before the end');
    }
    const found = options.resume && !options.force ? readLatestProgress(progressFolder(runDir), options.onDamagedCheckpoint) : null;
    if (found) {
      directory.resumeAt(found.progress.eventCount);
    } else {
      clearFolder(runDir);
      directory.create();
    }
    await execute(prepared, directory, found ?? null, options);
    return { runDir, status: 'completed', reused: false, resumedFrom: found?.file ?? null };
  } finally {
    clearInterval(renewal);
    releaseRunLock(runDir);
    writeRunsIndex(store);
  }
}

/**
 * Where the run folder `runDir` stands, read from its files and lock alone (for a study's progress, a
 * worker deciding what to claim, `ontogeny serve`).
 */
export function readRunStatus(runDir: string): RunFolderStatus {
  const writer = existsSync(runDir) ? liveLockOwner(runDir) : null;
  const summary = readSummary(runDir);
  return { status: writer ? 'running' : statusOnDisk(runDir, summary), writer, summary };
}

/** What the files of a folder no live process writes say of it. */
function statusOnDisk(runDir: string, summary: Summary | null): Exclude<RunFolderStatus['status'], 'running'> {
  if (summary?.status === 'completed' || summary?.status === 'failed') return summary.status;
  return summary !== null || existsSync(join(runDir, SPEC_FILE)) ? 'interrupted' : 'absent';
}

async function execute(prepared: PreparedLifespan, directory: RunDirectory, resume: { file: string; progress: Progress } | null,
  options: RunInStoreOptions): Promise<void> {
  const events = connectable(runLifespan(prepared, {
    checkpointDir: directory.checkpointDir, runDirectory: directory.path, resume: resume?.progress ?? null,
  }));
  const recording = directory.attach(events);
  options.observe?.(events, resume?.file ?? null);
  await new Promise<void>((done, fail) => {
    const finished = events.subscribe({ error: fail, complete: done });
    // Listening before the run starts: its first events (and an observer that stops it at one) come synchronously
    let connection: Subscription | null = null;
    const stop = () => {
      finished.unsubscribe();
      recording.unsubscribe();
      connection?.unsubscribe();
      directory.close('failed');
      fail(RUN_ABORTED(String(options.signal?.reason ?? 'stopped')));
    };
    options.signal?.addEventListener('abort', stop, { once: true });
    if (options.signal?.aborted) return;
    connection = events.connect();
    if (options.signal?.aborted) connection.unsubscribe();
  });
}

function usableStore(storeDir: string): string {
  const store = resolve(storeDir);
  try {
    if (existsSync(store) && !statSync(store).isDirectory()) throw new Error('it is a file, not a folder — name a folder (it is created when missing)');
    mkdirSync(store, { recursive: true });
    accessSync(store, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EACCES' || code === 'EPERM' ? 'it is not writable by this user — name a folder you can write'
      : code === 'ENOTDIR' ? 'a part of its path is a file, not a folder'
        : (error as Error).message;
    throw RUN_STORE_UNUSABLE(storeDir, reason);
  }
  return store;
}

function clearFolder(runDir: string): void {
  for (const entry of readdirSync(runDir)) if (entry !== LOCK_FILE) rmSync(join(runDir, entry), { recursive: true, force: true });
}

function readSummary(runDir: string): Summary | null {
  try {
    return JSON.parse(readFileSync(join(runDir, SUMMARY_FILE), 'utf8')) as Summary;
  } catch {
    return null;
  }
}

function describeWriter(owner: RunLockOwner | null): string {
  return owner ? `pid ${owner.pid} on ${owner.host}, since ${owner.started}` : 'it holds run.lock';
}
