// runs.csv: an index of the run folders in a runs folder, one row per run, rebuilt from their summary.json files.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import type { Summary } from './run-directory.js';

export const RUNS_INDEX_HEADER = 'run,name,hash,seed,kernel,status,phases,last phase,last test accuracy';

/** A CSV cell: quoted when it holds a delimiter, a quote or a line break (RFC 4180). */
function cell(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function indexRow(folder: string, summary: Summary): string {
  const last = summary.phases.at(-1);
  return [
    folder, summary.name, summary.hash, summary.seed, summary.kernel, summary.status,
    summary.phases.map((phase) => phase.name).join(' '), last?.name ?? '', last?.metrics.accuracy ?? '',
  ].map(cell).join(',');
}

/**
 * Each summary's index row as this process last read it, by file, with the file's stat stamp then: a study rebuilds
 * the index after each of its runs, and reading every summary each time grew with the square of the runs.
 */
const rowsRead = new Map<string, { readonly stamp: string; readonly row: string }>();

/** The row of a summary file, read again only when it changed (it is replaced whole, by rename); null when absent. */
function rowOf(folder: string, file: string): string | null {
  const stat = statSync(file, { bigint: true, throwIfNoEntry: false });
  if (!stat) return null;
  const stamp = `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
  const known = rowsRead.get(file);
  if (known?.stamp === stamp) return known.row;
  try {
    const row = indexRow(folder, JSON.parse(readFileSync(file, 'utf8')) as Summary);
    rowsRead.set(file, { stamp, row });
    return row;
  } catch {
    // Another process may be replacing it this instant; its own rebuild will list it.
    return null;
  }
}

/**
 * Rewrites `<runs>/runs.csv` from the summary.json of every run folder in `runs`, sorted by folder name. Rebuilt
 * rather than appended, so runs finishing at once in other processes cannot lose each other's rows; a folder
 * without a readable summary (a run still in its first phase) is left out until its next rebuild.
 */
export function writeRunsIndex(runs: string): void {
  const folders = readdirSync(runs, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  const rows = folders.map((folder) => rowOf(folder, join(runs, folder, 'summary.json'))).filter((row) => row !== null);
  writeFileAtomic(join(runs, 'runs.csv'), `${[RUNS_INDEX_HEADER, ...rows].join('\n')}\n`);
}
