// The lock file of a run folder: which process writes it and since when, so a second writer is refused and a dead one recognised.
import { existsSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = 'run.lock';

/**
 * A writer renews its lock this often (the file's modification time), and a lock from another machine counts
 * as held only while it is this fresh: a process there cannot be probed, but one that stopped renewing (killed,
 * its machine gone) lets a worker elsewhere resume the run. Clocks must agree within a fraction of the lease.
 */
export const LOCK_RENEW_MS = 10_000;
export const LOCK_LEASE_MS = 60_000;

/** What the lock file says about its writer. */
export interface RunLockOwner {
  readonly pid: number;
  readonly host: string;
  /** When the writer took the lock (ISO 8601). */
  readonly started: string;
  /** The process's start time in clock ticks since boot (Linux), so a reused pid is not taken for the writer. */
  readonly processStart: number | null;
}

/**
 * Takes the lock of `runDir` for this process; returns null (and takes nothing) when another process holds
 * it, with the holder readable by `lockOwner`. A lock left by a process that is gone is taken over.
 */
export function acquireRunLock(runDir: string): RunLockOwner | null {
  const file = join(runDir, LOCK_FILE);
  const owner: RunLockOwner = {
    pid: process.pid, host: hostname(), started: new Date().toISOString(), processStart: processStartTime(process.pid),
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      // 'wx' fails when the file exists: of two processes that get here at once, one creates it.
      writeFileSync(file, `${JSON.stringify(owner)}\n`, { flag: 'wx' });
      return owner;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (liveLockOwner(runDir) !== null) return null;
      rmSync(file, { force: true });
    }
  }
  return null;
}

/** Gives the lock back (only when this process holds it). */
export function releaseRunLock(runDir: string): void {
  const owner = readLockOwner(runDir);
  if (owner && owner.pid === process.pid && owner.host === hostname()) rmSync(join(runDir, LOCK_FILE), { force: true });
}

/** Marks this process's lock of `runDir` as renewed now (see LOCK_LEASE_MS). */
export function renewRunLock(runDir: string): void {
  const now = new Date();
  try {
    utimesSync(join(runDir, LOCK_FILE), now, now);
  } catch {
    // Gone (the folder was cleared by --force elsewhere): nothing left to renew.
  }
}

function lockRenewedAt(runDir: string): number {
  try {
    return statSync(join(runDir, LOCK_FILE)).mtimeMs;
  } catch {
    return 0;
  }
}

/** The process that holds the lock of `runDir` and is still alive, or null. */
export function liveLockOwner(runDir: string): RunLockOwner | null {
  const owner = readLockOwner(runDir);
  if (!owner) return null;
  // Another machine's process cannot be probed from here: its lock holds while it is renewed.
  if (owner.host !== hostname()) return Date.now() - lockRenewedAt(runDir) < LOCK_LEASE_MS ? owner : null;
  return isAlive(owner) ? owner : null;
}

function readLockOwner(runDir: string): RunLockOwner | null {
  const file = join(runDir, LOCK_FILE);
  if (!existsSync(file)) return null;
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as Partial<RunLockOwner>;
    if (typeof owner.pid !== 'number' || typeof owner.host !== 'string') return null;
    return { pid: owner.pid, host: owner.host, started: String(owner.started), processStart: owner.processStart ?? null };
  } catch {
    // A lock written half by a writer killed at that moment: nobody holds it.
    return null;
  }
}

function isAlive(owner: RunLockOwner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const start = processStartTime(owner.pid);
  return owner.processStart === null || start === null || start === owner.processStart;
}

/** Field 22 of /proc/<pid>/stat (after the command name, which may hold spaces), or null off Linux. */
function processStartTime(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[19]);
  } catch {
    return null;
  }
}
