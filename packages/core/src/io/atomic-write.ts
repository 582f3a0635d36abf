// Atomic file writes: a temporary file in the same folder, then a rename, so readers never see half a file.
import { renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;

/** Writes `content` to `path` through a temporary sibling and a rename. */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${counter++}.tmp`);
  writeFileSync(temporary, content);
  renameSync(temporary, path);
}
