// The data a run reads, by content: each file's name, size and SHA-256, so runs on other data never share a name.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';

/** One data file as part of a run's identity: where it lies is left out, what it holds is not. */
export interface DataFile {
  readonly name: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** The fingerprint of `paths` (each file once), ordered by name then content. */
export function fingerprintFiles(paths: readonly string[]): DataFile[] {
  return [...new Set(paths.map((path) => resolve(path)))]
    .map((path) => ({ name: basename(path), bytes: statSync(path).size, sha256: createHash('sha256').update(readFileSync(path)).digest('hex') }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.sha256.localeCompare(b.sha256));
}
