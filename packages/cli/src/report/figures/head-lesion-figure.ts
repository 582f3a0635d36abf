// Head lesions (Michel et al. 2019): the test metric as attention heads are removed, by each removal order, above the importance of each head removed.
import type { TopLevelSpec } from 'vega-lite';
import type { LifespanEvent } from '@ontogeny/core';
import { FIGURE_CONFIG, type Figure } from '../figure.js';
import type { LifespanTables } from '../lifespan-tables.js';

/** The test metric after `removed` heads are gone in `order` (0: the network the lesions branch from). */
export interface LesionPoint {
  readonly order: string;
  readonly removed: number;
  readonly phase: string;
  /** The heads this step removed, "layer.head", space-separated. */
  readonly heads: string;
  readonly value: number;
}

/** The head removed as the `removed`-th one in `order`, with its importance when it was chosen (null if unknown). */
export interface RemovedHead {
  readonly order: string;
  readonly removed: number;
  readonly head: string;
  readonly importance: number | null;
}

/** The lesion curves and removed heads of a run's `head-lesion` disorders, and the metric they are measured by. */
export interface LesionTables {
  readonly metric: string;
  readonly points: readonly LesionPoint[];
  readonly heads: readonly RemovedHead[];
}

type Perturb = Extract<LifespanEvent, { type: 'perturb' }>;

/**
 * Reads the head lesions from the events: each `head-lesion` perturb event and the test evaluation of its phase
 * make a point; the phase a chain of lesions branches from gives the point at 0 heads. The metric is the task's
 * own (MCC, F1, …), else accuracy. Null when the run lesioned no head.
 */
export function lesionTables(events: readonly LifespanEvent[], tables: LifespanTables): LesionTables | null {
  const lesions = new Map<string, Perturb>();
  for (const event of events) if (event.type === 'perturb' && event.disorder === 'head-lesion') lesions.set(event.phase, event);
  if (lesions.size === 0) return null;
  const evaluations = new Map<string, Readonly<Record<string, number>>>();
  for (const event of events) if (event.type === 'evaluate' && event.split === 'test' && lesions.has(event.phase)) evaluations.set(event.phase, event.metrics);
  const someMetrics = Object.keys([...evaluations.values()][0] ?? {});
  const metric = someMetrics.find((name) => name !== 'accuracy' && name !== 'loss') ?? 'accuracy';
  const points: LesionPoint[] = [];
  const heads: RemovedHead[] = [];
  const started = new Set<string>();
  for (const phase of tables.phases) {
    const lesion = lesions.get(phase.name);
    const value = evaluations.get(phase.name)?.[metric];
    if (!lesion || value === undefined) continue;
    const order = String(lesion.detail.order ?? 'given');
    const removed = Number(lesion.detail.removed);
    const base = phase.from ? tables.results[phase.from]?.[metric] : undefined;
    // A chain's first lesion branches from the intact network: its metric is the curve's start
    if (!started.has(order) && base !== undefined && !lesions.has(phase.from!)) points.push({ order, removed: 0, phase: phase.from!, heads: '', value: base });
    started.add(order);
    const now = String(lesion.detail.heads ?? '').split(' ').filter((head) => head.length > 0);
    points.push({ order, removed, phase: phase.name, heads: now.join(' '), value });
    now.forEach((head, i) => {
      const importance = lesion.detail[`importance:${head}`];
      heads.push({ order, removed: removed - now.length + i + 1, head, importance: typeof importance === 'number' ? importance : null });
    });
  }
  return points.length > 0 ? { metric, points, heads } : null;
}

/** The figure, or null for a run without head lesions. */
export function headLesionFigure(events: readonly LifespanEvent[], tables: LifespanTables): Figure | null {
  const lesion = lesionTables(events, tables);
  if (!lesion) return null;
  const most = Math.max(...lesion.points.map((p) => p.removed));
  const x = { field: 'removed', type: 'ordinal' as const, title: 'heads removed', scale: { domain: Array.from({ length: most + 1 }, (_, i) => i) }, axis: { labelAngle: 0 } };
  const width = Math.max(240, 60 * (most + 1));
  const color = { field: 'order', type: 'nominal' as const, title: 'removal order' };
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: FIGURE_CONFIG,
    datasets: { points: lesion.points.map((p) => ({ ...p })), heads: lesion.heads.map((h) => ({ ...h })) },
    vconcat: [
      {
        title: `Test ${lesion.metric} as heads are removed`,
        width, height: 220, data: { name: 'points' },
        layer: [
          { name: 'lesion_curve', mark: { type: 'line', point: false }, encoding: { x, y: { field: 'value', type: 'quantitative', title: `test ${lesion.metric}` }, color } },
          { name: 'lesion_points', mark: { type: 'point', filled: true, size: 50 }, encoding: { x, y: { field: 'value', type: 'quantitative' }, color } },
          { mark: { type: 'text', dy: -9, fontSize: 9 }, encoding: { x, y: { field: 'value', type: 'quantitative' }, text: { field: 'heads' }, color } },
        ],
      },
      {
        title: 'Importance I_h of the head removed at each step',
        width, height: 120, data: { name: 'heads' },
        transform: [{ filter: 'datum.importance !== null' }],
        layer: [
          { name: 'importance_bars', mark: { type: 'bar' }, encoding: { x, xOffset: { field: 'order', type: 'nominal' }, y: { field: 'importance', type: 'quantitative', title: 'importance' }, color } },
        ],
      },
    ],
  };
  return {
    id: 'head-lesion',
    title: 'Head lesions: the metric against head importance',
    caption: `Attention heads removed one after another (Michel et al. 2019), least important first and in the other orders the run used; each point is the test ${lesion.metric} `
      + 'after the heads named above it are gone (0: the network the lesions start from). Below, the importance of the head each step removed, as the run measured it '
      + 'when choosing: where importance predicts harm, the importance order removes low bars first and its curve stays high longer.',
    spec,
  };
}
