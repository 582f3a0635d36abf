// A study's metric along one of its axes: the mean over seeds at each level with its 95 % interval, one series per phase.
import type { TopLevelSpec } from 'vega-lite';
import { pointLabel, type AggregateRow, type Json } from '@ontogeny/core';
import { FIGURE_CONFIG, phaseColor, type Figure } from '../figure.js';

/** One row of the study's aggregate table as the figure draws it: `level` is the axis's value at the point. */
export interface AxisPoint {
  readonly level: Json;
  readonly phase: string;
  /** The aggregate table's metric, "phase/metric". */
  readonly metric: string;
  /** The phase, and the other axes' values when the study has several: one line (or set of bars) each. */
  readonly series: string;
  readonly n: number;
  readonly mean: number;
  readonly sd: number | null;
  readonly low: number | null;
  readonly high: number | null;
  readonly method: AggregateRow['method'];
}

/**
 * One figure per axis with two or more levels and per metric name (accuracy, loss, …), drawn from the rows of
 * the study's aggregate table as they are: a numeric axis (doses, numeric-named levels) as a line through the
 * means in a band of the 95 % intervals; a categorical axis (named variants) as points with error bars.
 */
export function studyAxisFigures(axes: readonly string[], aggregate: readonly AggregateRow[]): Figure[] {
  const metricNames = [...new Set(aggregate.map((row) => metricName(row.metric)))];
  return axes.flatMap((axis) => {
    const levels = [...new Set(aggregate.map((row) => JSON.stringify(row.axes[axis])))];
    if (levels.length < 2) return [];
    return metricNames.map((name) => axisFigure(axis, axes, name, aggregate.filter((row) => metricName(row.metric) === name)));
  });
}

function axisFigure(axis: string, axes: readonly string[], name: string, rows: readonly AggregateRow[]): Figure {
  const others = axes.filter((other) => other !== axis);
  const points: AxisPoint[] = rows.map((row) => {
    const phase = phaseName(row.metric);
    const rest = Object.fromEntries(others.map((other) => [other, row.axes[other]]));
    return {
      level: row.axes[axis], phase, metric: row.metric, series: others.length > 0 ? `${phase} · ${pointLabel(rest)}` : phase,
      n: row.n, mean: row.mean, sd: row.sd, low: row.low, high: row.high, method: row.method,
    };
  });
  const numeric = points.every((point) => typeof point.level === 'number');
  const series = [...new Set(points.map((point) => point.series))];
  // The legend takes its symbol from the first layer, the faint band: drawn opaque it names the lines' colours
  const color = { field: 'series', type: 'nominal' as const, scale: phaseColor(series), title: others.length > 0 ? 'phase · other axes' : 'phase', legend: { symbolOpacity: 1 } };
  const y = { field: 'mean', type: 'quantitative' as const, title: `${name} (mean over seeds)`, scale: { zero: false } };
  const interval = { field: 'low', type: 'quantitative' as const, title: `${name} (mean over seeds)` };
  const common = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: FIGURE_CONFIG,
    datasets: { aggregate: points.map((point) => ({ ...point })) },
    data: { name: 'aggregate' },
  };
  const spec = numeric ? numericSpec(common, axis, points, y, interval, color) : categoricalSpec(common, axis, y, interval, color);
  const ns = [...new Set(points.map((point) => point.n))];
  const bootstrap = points.some((point) => point.method === 'bootstrap');
  return {
    id: `axis-${slug(axis)}-${slug(name)}`,
    title: `${name} against ${axis}`,
    caption: `The final ${name} of each phase at each level of ${axis}: the mean over seeds (n = ${ns.join(', ')} per point) `
      + `with its 95 % t-interval over seeds ${numeric ? 'as a band' : 'as an error bar'}, as in the study's aggregate.csv.`
      + `${bootstrap ? ' A point of a single run shows the bootstrap interval over its test examples instead.' : ''}`
      + `${others.length > 0 ? ` One series per phase and combination of the other axes (${others.join(', ')}).` : ''}`,
    spec,
  };
}

type Common = Pick<TopLevelSpec, '$schema' | 'config' | 'datasets' | 'data'>;
type Quantitative = { readonly field: string; readonly type: 'quantitative'; readonly title: string; readonly scale?: { readonly zero: boolean } };
type Nominal = { readonly field: string; readonly type: 'nominal'; readonly title: string; readonly scale: ReturnType<typeof phaseColor>; readonly legend: { readonly symbolOpacity: number } };

function numericSpec(common: Common, axis: string, points: readonly AxisPoint[], y: Quantitative, interval: Quantitative, color: Nominal): TopLevelSpec {
  const levels = points.map((point) => point.level as number);
  // Doses such as bit widths span factors: a log axis spaces 2, 4, 8 … 32 evenly instead of crowding the small ones
  const logarithmic = levels.every((level) => level > 0) && Math.max(...levels) / Math.min(...levels) >= 8;
  const x = { field: 'level', type: 'quantitative' as const, title: axis, scale: logarithmic ? { type: 'log' as const, base: 2 } : { zero: false }, axis: { values: [...new Set(levels)].sort((a, b) => a - b) } };
  return {
    ...common,
    width: 520,
    height: 280,
    layer: [
      { name: 'band', transform: [{ filter: 'isValid(datum.low) && isValid(datum.high)' }], mark: { type: 'errorband', opacity: 0.25 },
        encoding: { x, y: interval, y2: { field: 'high' }, color } },
      { name: 'mean_line', mark: { type: 'line' }, encoding: { x, y, color } },
      { name: 'mean_points', mark: { type: 'point', filled: true, size: 50 }, encoding: { x, y, color, tooltip: tooltip(axis) } },
    ],
  };
}

function categoricalSpec(common: Common, axis: string, y: Quantitative, interval: Quantitative, color: Nominal): TopLevelSpec {
  const x = { field: 'level', type: 'nominal' as const, title: axis, sort: null, axis: { labelAngle: 0 } };
  const offset = { field: 'series', type: 'nominal' as const };
  return {
    ...common,
    width: { step: 60 },
    height: 280,
    layer: [
      { name: 'error_bars', transform: [{ filter: 'isValid(datum.low) && isValid(datum.high)' }], mark: { type: 'errorbar', ticks: true },
        encoding: { x, xOffset: offset, y: interval, y2: { field: 'high' }, color } },
      { name: 'mean_points', mark: { type: 'point', filled: true, size: 50 }, encoding: { x, xOffset: offset, y, color, tooltip: tooltip(axis) } },
    ],
  };
}

function tooltip(axis: string) {
  return [
    { field: 'series', title: 'phase' }, { field: 'level', title: axis }, { field: 'n', title: 'n' },
    { field: 'mean', format: '.4f' }, { field: 'low', title: '95 % low', format: '.4f' }, { field: 'high', title: '95 % high', format: '.4f' },
  ];
}

/** "mask/accuracy" → "accuracy" (a phase name holds no slash; a metric name may). */
function metricName(metric: string): string {
  return metric.slice(metric.indexOf('/') + 1);
}

function phaseName(metric: string): string {
  return metric.slice(0, metric.indexOf('/'));
}

/** An axis or metric name as a part of an element id (axis names may be JSON pointers). */
function slug(name: string): string {
  return name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase() || 'value';
}
