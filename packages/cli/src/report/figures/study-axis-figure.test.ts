// A study's axis figures: which are drawn, the rows behind them, numeric axes as bands and named variants as error bars.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AggregateRow, Json } from '@ontogeny/core';
import { renderSvg } from '../render-svg.js';
import { studyAxisFigures } from './study-axis-figure.js';

function row(axes: Record<string, Json>, metric: string, mean: number, low: number | null = mean - 0.01, high: number | null = mean + 0.01): AggregateRow {
  return { axes, metric, n: low === null ? 1 : 3, mean, sd: low === null ? null : 0.01, low, high, method: low === null ? null : 't' };
}

interface Layered {
  readonly datasets: { aggregate: Array<Record<string, unknown>> };
  readonly layer: Array<{ name: string; mark: { type: string }; encoding: { x: { type: string; scale?: { type?: string } } } }>;
}

test('one figure per axis with two or more levels and per metric name; an axis of one level has none', () => {
  const table = [8, 32].flatMap((bits) => [
    row({ bits, optimizer: 'adam' }, 'mask/accuracy', 0.8), row({ bits, optimizer: 'adam' }, 'mask/loss', 0.5),
  ]);
  assert.deepEqual(studyAxisFigures(['bits', 'optimizer'], table).map((figure) => figure.id), ['axis-bits-accuracy', 'axis-bits-loss']);
});

test('a numeric axis is a band, a line and points on a log scale when its doses span a factor of 8, the rows as they are', async () => {
  const table = [row({ bits: 2 }, 'mask/accuracy', 0.70), row({ bits: 4 }, 'mask/accuracy', 0.72), row({ bits: 32 }, 'mask/accuracy', 0.73, null, null)];
  const [figure] = studyAxisFigures(['bits'], table);
  const spec = figure.spec as unknown as Layered;
  assert.deepEqual(spec.layer.map((layer) => [layer.name, layer.mark.type]), [['band', 'errorband'], ['mean_line', 'line'], ['mean_points', 'point']]);
  assert.equal(spec.layer[0].encoding.x.scale?.type, 'log');
  assert.deepEqual(spec.datasets.aggregate.map(({ level, series, mean, low }) => ({ level, series, mean, low })), [
    { level: 2, series: 'mask', mean: 0.70, low: 0.69 },
    { level: 4, series: 'mask', mean: 0.72, low: 0.71 },
    { level: 32, series: 'mask', mean: 0.73, low: null },
  ]);
  const svg = await renderSvg(figure);
  assert.equal(svg.match(/aria-roledescription="point"/g)?.length, 3);
  assert.equal(svg.match(/aria-roledescription="errorband"/g)?.length, 1, 'the band spans the points that have an interval');
});

test('named variants are points with error bars; the other axes split the series', async () => {
  const table = ['static', 'set', 'rigl'].flatMap((method, i) => [0.1, 0.01].map((lr) => row({ method, lr }, 'dense/accuracy', 0.8 + i * 0.01 + lr)));
  const figures = studyAxisFigures(['method', 'lr'], table);
  assert.deepEqual(figures.map((figure) => figure.id), ['axis-method-accuracy', 'axis-lr-accuracy']);
  const spec = figures[0].spec as unknown as Layered;
  assert.deepEqual(spec.layer.map((layer) => [layer.name, layer.mark.type, layer.encoding.x.type]), [['error_bars', 'errorbar', 'nominal'], ['mean_points', 'point', 'nominal']]);
  assert.deepEqual([...new Set(spec.datasets.aggregate.map((point) => point.series))], ['dense · lr=0.1', 'dense · lr=0.01']);
  const svg = await renderSvg(figures[0]);
  assert.equal(svg.match(/aria-roledescription="point"/g)?.length, 6);
  assert.equal(svg.match(/aria-roledescription="errorbar"/g)?.length, 6);
  assert.equal((figures[1].spec as unknown as Layered).layer[0].encoding.x.scale?.type, 'log', 'lr 0.01 to 0.1 spans a factor of 10');
});
