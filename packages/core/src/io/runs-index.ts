// runs.csv: an index of the run folders in a runs folder, one row per run, rebuilt from their summary.json files.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { FileMemo } from './file-memo.js';
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
 * Each summary's index row as this process last read it: a study rebuilds the index after each of its runs, and
 * reading every summary each time grew with the square of the runs.
 */
const rowsRead = new FileMemo((file) => indexRow(basename(dirname(file)), JSON.parse(readFileSync(file, 'utf8')) as Summary));

/** The row of a run folder's summary, or null while it has none (a run in its first phase) or is being replaced. */
function rowOf(file: string): string | null {
  try {
    return rowsRead.get(file);
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
  const rows = folders.map((folder) => rowOf(join(runs, folder, 'summary.json'))).filter((row) => row !== null);
  writeFileAtomic(join(runs, 'runs.csv'), `${[RUNS_INDEX_HEADER, ...rows].join('\n')}\n`);
}
