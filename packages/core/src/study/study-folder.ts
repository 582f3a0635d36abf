// The study folder: study.json (the plan, each run's status, the claims), results.csv, aggregate.csv, differences.csv.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { writeFileAtomic } from '../io/atomic-write.js';
import type { ClaimResult } from './claims.js';
import type { ExpandedStudy } from './expand-study.js';
import type { Interval } from './interval.js';
import { aggregate, metricColumns, phaseDifferences, type AggregateRow, type DifferenceRow, type RunRow } from './study-results.js';
import type { Json, StudySpec } from './study-spec.js';

/** Everything a study's folder holds. No wall-clock figure: the same runs give the same bytes, whatever --jobs was. */
export interface StudyRecord {
  readonly spec: StudySpec;
  readonly study: ExpandedStudy;
  /** Where the runs are, relative to the study folder. */
  readonly store: string;
  readonly rows: readonly RunRow[];
  readonly aggregate: readonly AggregateRow[];
  readonly differences: readonly DifferenceRow[];
  readonly claims: readonly ClaimResult[];
}

/** The record of a study from its rows (in plan order): aggregates, differences and claims computed here. */
export function studyRecord(spec: StudySpec, study: ExpandedStudy, store: string, rows: readonly RunRow[], claims: readonly ClaimResult[]): StudyRecord {
  return { spec, study, store, rows, aggregate: aggregate(rows), differences: phaseDifferences(rows, study.differences), claims };
}

/** Writes the record's files into `dir` (created if needed), each atomically. */
export function writeStudyFolder(dir: string, record: StudyRecord): void {
  mkdirSync(dir, { recursive: true });
  const { spec, study, store, rows, claims } = record;
  writeFileAtomic(join(dir, 'study.json'), `${JSON.stringify({
    name: study.name,
    profile: study.profile,
    store,
    seeds: study.seeds,
    axes: study.axes,
    complete: rows.every((row) => row.status === 'completed'),
    runs: rows.map(({ point, seed, run, status, reason, testExamples }) => ({
      axes: point.axes, seed, run, status, ...(reason ? { reason } : {}), ...(testExamples ? { testExamples } : {}),
    })),
    claims,
    spec,
  }, null, 2)}\n`);
  const axisCells = (axes: Readonly<Record<string, Json>>) => study.axes.map((axis) => cell(axes[axis]));
  const metrics = metricColumns(rows);
  writeFileAtomic(join(dir, 'results.csv'), stringify([
    [...study.axes, 'seed', 'run', 'status', ...metrics],
    ...rows.map((row) => [...axisCells(row.point.axes), row.seed, row.run ?? '', row.status, ...metrics.map((metric) => cell(row.metrics[metric]))]),
  ]));
  writeFileAtomic(join(dir, 'aggregate.csv'), stringify([
    [...study.axes, 'metric', ...INTERVAL_COLUMNS, 'interval'],
    ...record.aggregate.map((row) => [...axisCells(row.axes), row.metric, ...intervalCells(row), row.method ?? '']),
  ]));
  if (study.differences.length > 0) {
    writeFileAtomic(join(dir, 'differences.csv'), stringify([
      [...study.axes, 'of', 'minus', 'metric', ...INTERVAL_COLUMNS],
      ...record.differences.map((row) => [...axisCells(row.axes), row.of, row.minus, row.metric, ...intervalCells(row)]),
    ]));
  }
}

const INTERVAL_COLUMNS = ['n', 'mean', 'sd', 'ci95_low', 'ci95_high'];

function intervalCells(interval: Interval): string[] {
  return [interval.n, interval.mean, interval.sd, interval.low, interval.high].map(cell);
}

function cell(value: Json | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}
