// The lifespan timeline: phases as branches, the marked events, training loss, test metrics and density per layer on one step axis.
import type { TopLevelSpec } from 'vega-lite';
import { FIGURE_CONFIG, PLOT_WIDTH, phaseColor, type Figure } from '../figure.js';
import type { EventMark, LifespanTables } from '../lifespan-tables.js';

/** The kinds of marked events, in the order of the event track's rows. */
export const MARK_KINDS: readonly EventMark['kind'][] = ['prune', 'perturb', 'checkpoint', 'diverged'];
const MARK_COLORS = ['#d62728', '#9467bd', '#7f7f7f', '#000000'];

/**
 * The timeline of a run. Its named data sets are the tables themselves — `series` holds exactly the rows of
 * metrics.csv (with their lifespan position x) — and its event track draws one mark per event, in a mark group
 * named after the event's kind (SVG class `prune_marks`, …).
 */
export function timelineFigure(tables: LifespanTables): Figure {
  const names = tables.phases.map((phase) => phase.name);
  const end = Math.max(1, ...tables.phases.map((phase) => phase.end));
  // Only the bottom panel labels the shared axis; the others keep its grid
  const x = (title: string | null) => ({
    field: 'x', type: 'quantitative' as const, title, scale: { domain: [0, end], nice: false },
    axis: title === null ? { labels: false, ticks: false, domain: false } : {},
  });
  const phase = { field: 'phase', type: 'nominal' as const, scale: phaseColor(names), legend: null };
  const forks = tables.phases.filter((p) => p.from !== null).map((p) => ({ x: p.start, from: p.from, to: p.name }));
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: FIGURE_CONFIG,
    datasets: {
      phases: tables.phases.map((p) => ({ ...p })),
      forks,
      marks: tables.marks.map((m) => ({ ...m })),
      series: tables.series.map((row) => ({ ...row })),
      densities: tables.densities.filter((row) => !row.layer.startsWith('head:')).map((row) => ({ ...row })),
    },
    spacing: 14,
    vconcat: [
      {
        title: 'Phases (a branch starts where the phase it grows from ends)',
        width: PLOT_WIDTH,
        height: { step: 16 },
        layer: [
          { data: { name: 'forks' }, mark: { type: 'rule', strokeDash: [2, 2], color: '#888' },
            encoding: { x: x(null), y: { field: 'from', type: 'nominal', scale: { domain: names }, title: null }, y2: { field: 'to' } } },
          { data: { name: 'phases' }, mark: { type: 'rule', strokeWidth: 8, strokeCap: 'butt' },
            encoding: { x: { ...x(null), field: 'start' }, x2: { field: 'end' }, y: { field: 'name', type: 'nominal', scale: { domain: names }, title: null }, color: { ...phase, field: 'name' } } },
          { data: { name: 'phases' }, mark: { type: 'point', filled: true, size: 40 },
            encoding: { x: { ...x(null), field: 'end' }, y: { field: 'name', type: 'nominal', scale: { domain: names } }, color: { ...phase, field: 'name' } } },
        ],
      },
      {
        title: 'Events',
        width: PLOT_WIDTH,
        height: { step: 14 },
        data: { name: 'marks' },
        layer: MARK_KINDS.map((kind, i) => ({
          name: kind,
          transform: [{ filter: { field: 'kind', equal: kind } }],
          mark: { type: 'tick' as const, thickness: 2, color: MARK_COLORS[i] },
          encoding: { x: x(null), y: { field: 'kind', type: 'nominal' as const, scale: { domain: [...MARK_KINDS] }, title: null } },
        })),
      },
      {
        title: 'Training loss (lines) and test loss (diamonds)',
        width: PLOT_WIDTH,
        height: 150,
        data: { name: 'series' },
        layer: [
          { transform: [{ filter: { field: 'metric', equal: 'loss' } }], mark: { type: 'line', strokeWidth: 1.2 },
            encoding: { x: x(null), y: { field: 'value', type: 'quantitative', title: 'loss' }, color: phase, detail: { field: 'phase' } } },
          { transform: [{ filter: { field: 'metric', equal: 'test:loss' } }], mark: { type: 'point', shape: 'diamond', filled: true, size: 50 },
            encoding: { x: x(null), y: { field: 'value', type: 'quantitative' }, color: phase } },
        ],
      },
      {
        title: 'Test metric (evaluations; a line joins those of one phase)',
        width: PLOT_WIDTH,
        height: 150,
        data: { name: 'series' },
        transform: [{ filter: "indexof(datum.metric, 'test:') === 0 && datum.metric !== 'test:loss'" }],
        layer: [
          { mark: { type: 'line', strokeWidth: 1.2 }, encoding: { x: x(null), y: { field: 'value', type: 'quantitative', title: 'test metric' }, color: phase, detail: { field: 'metric' } } },
          { mark: { type: 'point', filled: true, size: 45 },
            encoding: { x: x(null), y: { field: 'value', type: 'quantitative' }, color: phase, shape: { field: 'metric', type: 'nominal', title: 'metric' } } },
        ],
      },
      {
        title: 'Density per layer (at pruning events and at the end of each phase)',
        width: PLOT_WIDTH,
        height: 130,
        layer: [
          { data: { name: 'series' },
            transform: [{ filter: "indexof(datum.metric, 'density:') === 0" }, { calculate: 'substring(datum.metric, 8)', as: 'layer' }],
            mark: { type: 'line', strokeWidth: 1.2, point: { size: 18 } },
            encoding: { x: x('lifespan step (training steps along the branch)'), y: { field: 'value', type: 'quantitative', title: 'density', scale: { domain: [0, 1] } },
              color: { field: 'layer', type: 'nominal', title: 'layer' }, detail: { field: 'phase' } } },
          { data: { name: 'densities' }, mark: { type: 'point', shape: 'square', filled: true, size: 35 },
            encoding: { x: x('lifespan step (training steps along the branch)'), y: { field: 'density', type: 'quantitative' }, color: { field: 'layer', type: 'nominal', title: 'layer' } } },
        ],
      },
    ],
    resolve: { scale: { color: 'independent', shape: 'independent' } },
  };
  return {
    id: 'timeline',
    title: 'Lifespan timeline',
    caption: 'Every phase on one axis of training steps. Branches (phases that start from an earlier phase) fork at the end of their parent '
      + '(dashed links). The event track has one tick per pruning event, disorder applied, checkpoint and divergence. Loss and test metric are '
      + 'coloured by phase; density is per layer, from the pruning events and the end of each phase.',
    spec,
  };
}
