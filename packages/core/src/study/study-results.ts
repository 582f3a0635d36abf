// A study's results read from its runs' summaries: one row per run, the aggregate per point, paired phase differences.
import type { Summary } from '../io/run-directory.js';
import { canonicalJson } from '../spec/canonical-json.js';
import { accuracyBootstrap } from './bootstrap.js';
import { meanInterval, type Interval } from './interval.js';
import type { StudyPoint } from './study-points.js';
import type { DifferenceSpec, Json, MetricRef } from './study-spec.js';

/** One run's outcome: its point and seed, its run folder's name, and every phase metric as "phase/metric". */
export interface RunRow {
  readonly point: StudyPoint;
  readonly seed: number;
  /** The run folder's name in the store (`<name>-<hash>`), null when the run never started. */
  readonly run: string | null;
  readonly status: 'completed' | 'failed' | 'interrupted';
  /** Why a run that did not complete stopped. */
  readonly reason?: string;
  readonly metrics: Readonly<Record<string, number>>;
  /** Phase → its test set's size, for phases whose accuracy is a fraction of independent test examples. */
  readonly testExamples?: Readonly<Record<string, number>>;
}

/** The mean over seeds of one metric at one point. */
export interface AggregateRow extends Interval {
  readonly axes: Readonly<Record<string, Json>>;
  readonly metric: string;
  /** How the interval was made: a t-interval over seeds, or (one run) the bootstrap over its test examples. */
  readonly method: 't' | 'bootstrap' | null;
}

/** The mean over seeds of `of − minus` (same run, same metric) at one point. */
export interface DifferenceRow extends Interval {
  readonly axes: Readonly<Record<string, Json>>;
  readonly of: string;
  readonly minus: string;
  readonly metric: string;
}

/** The final metrics and extras of every phase of a summary, keyed "phase/metric" in phase order. */
export function summaryMetrics(summary: Summary): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const phase of summary.phases) {
    for (const [metric, value] of [...Object.entries(phase.metrics), ...Object.entries(phase.extra ?? {})]) {
      // A diverged phase's NaN is written to JSON as null; it stays a NaN so intervals show it
      metrics[`${phase.name}/${metric}`] = typeof value === 'number' ? value : Number.NaN;
    }
  }
  return metrics;
}

/** The metric columns of `rows`, in the order they first appear (phase order of the runs). */
export function metricColumns(rows: readonly RunRow[]): string[] {
  const columns = new Set<string>();
  for (const row of rows) for (const metric of Object.keys(row.metrics)) columns.add(metric);
  return [...columns];
}

/** Rows grouped by point (in the order the points first appear). */
export function byPoint(rows: readonly RunRow[]): Array<{ point: StudyPoint; rows: RunRow[] }> {
  const groups = new Map<string, { point: StudyPoint; rows: RunRow[] }>();
  for (const row of rows) {
    const key = canonicalJson(row.point.axes);
    if (!groups.has(key)) groups.set(key, { point: row.point, rows: [] });
    groups.get(key)!.rows.push(row);
  }
  return [...groups.values()];
}

/**
 * Mean, sd, n and 95 % interval over the completed runs of each point, for every metric: a t-interval over seeds,
 * or for a point of one run, the bootstrap over its test examples where the metric is an accuracy over them.
 */
export function aggregate(rows: readonly RunRow[]): AggregateRow[] {
  const columns = metricColumns(rows);
  return byPoint(rows).flatMap(({ point, rows: runs }) => columns
    .map((metric) => ({ metric, measured: runs.filter((run) => metric in run.metrics) }))
    .filter(({ measured }) => measured.length > 0)
    .map(({ metric, measured }): AggregateRow => {
      const interval = meanInterval(measured.map((run) => run.metrics[metric]));
      if (interval.n > 1) return { axes: point.axes, metric, ...interval, method: 't' };
      const [phase, name] = metric.split('/');
      const examples = measured[0].testExamples?.[phase];
      return name === 'accuracy' && examples !== undefined && Number.isFinite(interval.mean)
        ? { axes: point.axes, metric, ...accuracyBootstrap(interval.mean, examples), method: 'bootstrap' }
        : { axes: point.axes, metric, ...interval, method: null };
    }));
}

/** For each point and each difference asked for, the paired `of − minus` over seeds of every metric both phases report. */
export function phaseDifferences(rows: readonly RunRow[], differences: readonly DifferenceSpec[]): DifferenceRow[] {
  const columns = metricColumns(rows);
  return byPoint(rows).flatMap(({ point, rows: runs }) => differences.flatMap(({ of, minus }) => columns
    .filter((column) => column.startsWith(`${of}/`) && columns.includes(`${minus}/${column.slice(of.length + 1)}`))
    .map((column) => {
      const metric = column.slice(of.length + 1);
      const values = runs
        .filter((run) => column in run.metrics && `${minus}/${metric}` in run.metrics)
        .map((run) => run.metrics[column] - run.metrics[`${minus}/${metric}`]);
      return { axes: point.axes, of, minus, metric, ...meanInterval(values) };
    })
    .filter((row) => row.n > 0)));
}

/** Seed → value of `ref` over the completed runs at its point (`free` axes may take any value: give them in `axes`). */
export function valuesBySeed(rows: readonly RunRow[], ref: MetricRef, axes: Readonly<Record<string, Json>> = {}): Map<number, number> {
  const wanted = { ...ref.at, ...axes };
  const column = `${ref.phase}/${ref.metric}`;
  const values = new Map<number, number>();
  for (const row of rows) {
    const matches = Object.entries(wanted).every(([axis, value]) => canonicalJson(row.point.axes[axis]) === canonicalJson(value));
    if (matches && column in row.metrics) values.set(row.seed, row.metrics[column]);
  }
  return values;
}
