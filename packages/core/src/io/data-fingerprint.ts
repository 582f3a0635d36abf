// The data a run reads, by content: each file's name, size and SHA-256, so runs on other data never share a name.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { FileMemo } from './file-memo.js';

/** One data file as part of a run's identity: where it lies is left out, what it holds is not. */
export interface DataFile {
  readonly name: string;
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * Each file's size and digest as this process last computed them. A study prepares every run (a reused one too: its
 * name holds the fingerprint) on a few worker threads, and the datasets are tens of MB: an unchanged file is hashed
 * once per thread, not once per run.
 */
const digests = new FileMemo((path) => {
  const bytes = readFileSync(path);
  return { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
});

/** The fingerprint of `paths` (each file once), ordered by name then content. */
export function fingerprintFiles(paths: readonly string[]): DataFile[] {
  return [...new Set(paths.map((path) => resolve(path)))]
    .map((path) => ({ name: basename(path), ...digests.get(path) }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.sha256.localeCompare(b.sha256));
}
