// What a process computed from a file, kept while the file stays as it was.
import { statSync } from 'node:fs';

/**
 * Values computed from files by `compute`, by path, each computed again only when its file's stat stamp changes:
 * device, inode, size, and modification and change times to the nanosecond. Writing a file, or replacing it by a
 * rename, moves its change time, which nothing can set back (unlike the modification time).
 */
export class FileMemo<T> {
  private readonly known = new Map<string, { readonly stamp: string; readonly value: T }>();

  constructor(private readonly compute: (path: string) => T) {}

  /** The value of the file at `path` as it is now; throws as statSync and `compute` do (an absent file: ENOENT). */
  get(path: string): T {
    const stat = statSync(path, { bigint: true });
    const stamp = `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
    const known = this.known.get(path);
    if (known?.stamp === stamp) return known.value;
    const value = this.compute(path);
    this.known.set(path, { stamp, value });
    return value;
  }
}
