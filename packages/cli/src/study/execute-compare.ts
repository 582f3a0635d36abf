// The body of `ontogeny compare`: runs and studies read from their folders, grouped into points, aggregated over seeds.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import {
  aggregate, canonicalHash, errors, metricColumns, phaseDifferences, summaryMetrics, type DifferenceSpec, type Json, type RunRow, type Summary,
} from '@ontogeny/core';
import { EXIT_BAD_INPUT, EXIT_OK, reportFailure } from '../exit-codes.js';
import { formatAggregate, formatDifferences } from './format-study.js';
import { readStudyFolder } from './read-study-folder.js';

export interface ExecuteCompareOptions {
  /** Run folders (with summary.json) and study folders (with study.json). */
  readonly folders: readonly string[];
  /** "of,minus" phase pairs whose paired differences to show. */
  readonly difference: readonly string[];
  readonly json: boolean;
  readonly debug: boolean;
}

/** Prints the aggregate (and paired differences) of the runs in `options.folders`; returns the exit code. */
export function executeCompare(options: ExecuteCompareOptions): number {
  const parsed = options.difference.map(parseDifference);
  const differences = parsed.filter((difference) => difference !== null);
  const malformed = options.difference.filter((_, index) => parsed[index] === null);
  if (malformed.length > 0) {
    process.stderr.write(`ontogeny: --difference ${malformed.join(', ')}: expected two phase names as OF,MINUS (e.g. finetune-mask,finetune-dense)\n`);
    return EXIT_BAD_INPUT;
  }
  let rows: RunRow[];
  try {
    const several = options.folders.length > 1;
    rows = options.folders.flatMap((folder) => {
      if (existsSync(join(folder, 'study.json'))) return studyRows(folder, several);
      if (existsSync(join(folder, 'summary.json'))) return [runRow(folder)];
      throw errors.DATA_MISSING(folder, 'neither a run folder (summary.json) nor a study folder (study.json) — give folders written by `ontogeny run` or `ontogeny study`');
    });
    rows = labelRuns(rows);
  } catch (error) {
    return reportFailure(error, options.debug);
  }
  const table = aggregate(rows);
  const paired = phaseDifferences(rows, differences);
  const unmatched = differences.filter(({ of, minus }) => !paired.some((row) => row.of === of && row.minus === minus));
  if (unmatched.length > 0) {
    const phases = [...new Set(metricColumns(rows).map((column) => column.split('/')[0]))];
    process.stderr.write(`ontogeny: --difference ${unmatched.map(({ of, minus }) => `${of},${minus}`).join(' ')}: no run compared has both phases with a metric in common — phases: ${phases.join(', ')}\n`);
    return EXIT_BAD_INPUT;
  }
  if (options.json) process.stdout.write(`${JSON.stringify({ aggregate: table, differences: paired }, null, 2)}\n`);
  else {
    process.stdout.write(`${formatAggregate(table)}\n`);
    if (paired.length > 0) process.stdout.write(`\npaired differences (same seed)\n${formatDifferences(paired)}\n`);
  }
  return EXIT_OK;
}

/** "of,minus" as a difference, or null when it is not two names. */
function parseDifference(text: string): DifferenceSpec | null {
  const [of, minus, ...rest] = text.split(',');
  return of && minus && rest.length === 0 ? { of, minus } : null;
}

/** The completed runs a study folder lists, read from its store; axes prefixed by the study when several inputs are compared. */
function studyRows(folder: string, prefixed: boolean): RunRow[] {
  const study = readStudyFolder(folder);
  const name = study.profile ? `${study.name}-${study.profile}` : study.name;
  return prefixed ? study.rows.map((row) => ({ ...row, point: { ...row.point, axes: { study: name, ...row.point.axes } } })) : [...study.rows];
}

/** A run folder; its point is its spec without the seed, so runs of one spec on several seeds group together. */
function runRow(folder: string): RunRow {
  const summary = readJson(join(folder, 'summary.json')) as Summary;
  const spec = readJson(join(folder, 'spec.json')) as Record<string, Json>;
  const { seed: _seed, ...unseeded } = spec;
  return {
    point: { axes: { run: summary.name, spec: canonicalHash(unseeded, 6) }, patch: {} },
    seed: summary.seed,
    run: basename(resolve(folder)),
    status: summary.status === 'completed' ? 'completed' : 'failed',
    metrics: summaryMetrics(summary),
  };
}

/** Loose runs are labelled by name alone where the name is unambiguous, by name and spec hash where it is not. */
function labelRuns(rows: RunRow[]): RunRow[] {
  const specsByName = new Map<Json, Set<Json>>();
  for (const row of rows) {
    if (!('spec' in row.point.axes)) continue;
    const name = row.point.axes.run;
    specsByName.set(name, (specsByName.get(name) ?? new Set()).add(row.point.axes.spec));
  }
  return rows.map((row) => {
    if (!('spec' in row.point.axes) || specsByName.get(row.point.axes.run)!.size > 1) return row;
    return { ...row, point: { ...row.point, axes: { run: row.point.axes.run } } };
  });
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw errors.DATA_CORRUPT(file, `cannot be read as JSON — ${(error as Error).message}`);
  }
}
