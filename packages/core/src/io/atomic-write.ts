// Atomic, durable file writes: a temporary sibling written and synced, renamed over the target, then the folder synced.
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';

let counter = 0;

/**
 * Writes `content` to `path` through a temporary sibling and a rename, so readers see the old file or the new
 * one, never half of one; the data and then the rename are synced to disk, so a machine that loses power keeps
 * one of the two as well.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  // Worker threads share the pid and each has its own counter: the thread id keeps their temporary files apart
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${threadId}.${counter++}.tmp`);
  const descriptor = openSync(temporary, 'w');
  try {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    for (let written = 0; written < bytes.length;) written += writeSync(descriptor, bytes, written, bytes.length - written);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  renameSync(temporary, path);
  syncFolder(dirname(path));
}

/** Makes the folder's entries (a rename, a new or removed file) durable. */
export function syncFolder(folder: string): void {
  syncFile(folder);
}

/** Makes what was written to `path` (a file, or a folder's entries) durable. */
export function syncFile(path: string): void {
  const descriptor = openSync(path, 'r');
  try {
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}
