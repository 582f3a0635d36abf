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

/**
 * Each file's digest as this process last computed it, by absolute path, with the file's stat stamp then. A study
 * prepares every run (a reused one too: its name holds the fingerprint) on a few worker threads, and the datasets
 * are tens of MB: an unchanged file is hashed once per thread, not once per run.
 */
const digests = new Map<string, { readonly stamp: string; readonly sha256: string }>();

/** The fingerprint of `paths` (each file once), ordered by name then content. */
export function fingerprintFiles(paths: readonly string[]): DataFile[] {
  return [...new Set(paths.map((path) => resolve(path)))]
    .map(fingerprintFile)
    .sort((a, b) => a.name.localeCompare(b.name) || a.sha256.localeCompare(b.sha256));
}

function fingerprintFile(path: string): DataFile {
  const stat = statSync(path, { bigint: true });
  // Writing a file moves its change time, which nothing can set back (unlike the modification time)
  const stamp = `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
  let digest = digests.get(path);
  if (digest?.stamp !== stamp) {
    digest = { stamp, sha256: createHash('sha256').update(readFileSync(path)).digest('hex') };
    digests.set(path, digest);
  }
  return { name: basename(path), bytes: Number(stat.size), sha256: digest.sha256 };
}
