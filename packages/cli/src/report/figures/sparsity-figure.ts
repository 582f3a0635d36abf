// Accuracy against sparsity for prune phases: each test evaluation at the sparsity of the pruning event before it, against the other phases' results.
import type { TopLevelSpec } from 'vega-lite';
import { FIGURE_CONFIG, phaseColor, type Figure } from '../figure.js';
import type { LifespanTables } from '../lifespan-tables.js';

/** A test evaluation of a prune phase, at the schedule's target sparsity of the pruning event it follows. */
export interface SparsityPoint {
  readonly phase: string;
  readonly step: number;
  readonly metric: string;
  readonly sparsity: number;
  readonly value: number;
}

/** A finished phase's final test metric on the same task, drawn as a level to compare the curve with. */
export interface ReferenceLevel {
  readonly phase: string;
  readonly metric: string;
  readonly value: number;
}

/**
 * The curve of every prune phase, in event order: each test metric (not the loss) paired with the latest
 * target-sparsity before it in the same phase — as metrics.csv lists them.
 */
export function sparsityPoints(tables: LifespanTables): SparsityPoint[] {
  const prunePhases = new Set(tables.phases.filter((p) => p.kind === 'prune').map((p) => p.name));
  const sparsity = new Map<string, number>();
  const points: SparsityPoint[] = [];
  for (const row of tables.series) {
    if (!prunePhases.has(row.phase)) continue;
    if (row.metric === 'target-sparsity') sparsity.set(row.phase, row.value);
    else if (row.metric.startsWith('test:') && row.metric !== 'test:loss' && sparsity.has(row.phase)) {
      points.push({ phase: row.phase, step: row.step, metric: row.metric.slice('test:'.length), sparsity: sparsity.get(row.phase)!, value: row.value });
    }
  }
  return points;
}

/** The ended prune phases evaluated only once (at their end): their curve needs `evaluateEvents`. */
export function phasesWithoutCurve(points: readonly SparsityPoint[], tables: LifespanTables): string[] {
  const counts = new Map<string, number>();
  for (const point of points) counts.set(point.phase, (counts.get(point.phase) ?? 0) + 1);
  const ended = new Set(tables.phases.filter((p) => p.ended).map((p) => p.name));
  return [...counts].filter(([phase, count]) => count < 2 && ended.has(phase)).map(([phase]) => phase);
}

/** The figure, or null for a run without prune phases. */
export function sparsityFigure(tables: LifespanTables): Figure | null {
  const points = sparsityPoints(tables);
  if (points.length === 0) return null;
  const curves = new Set(points.map((p) => p.phase));
  const tasks = new Set(tables.phases.filter((p) => curves.has(p.name)).map((p) => p.task));
  const metrics = new Set(points.map((p) => p.metric));
  const levels: ReferenceLevel[] = tables.phases
    .filter((p) => !curves.has(p.name) && tasks.has(p.task) && tables.results[p.name])
    .flatMap((p) => Object.entries(tables.results[p.name]).filter(([metric]) => metrics.has(metric)).map(([metric, value]) => ({ phase: p.name, metric, value })));
  const names = tables.phases.map((p) => p.name);
  const color = { field: 'phase', type: 'nominal' as const, scale: phaseColor(names), title: 'phase' };
  const sparsity = { field: 'sparsity', type: 'quantitative' as const, title: 'sparsity (schedule target)', scale: { domain: [0, 1] }, axis: { format: '.0%' } };
  const metric = { field: 'value', type: 'quantitative' as const, title: `test ${[...metrics].join(' / ')}` };
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: FIGURE_CONFIG,
    datasets: { points: points.map((p) => ({ ...p })), levels: levels.map((l) => ({ ...l })) },
    width: 520,
    height: 300,
    layer: [
      { data: { name: 'levels' }, mark: { type: 'rule', strokeDash: [4, 3], strokeWidth: 1.2 },
        encoding: { y: { field: 'value', type: 'quantitative' }, color } },
      { data: { name: 'levels' }, mark: { type: 'text', align: 'left', dx: 4, dy: -6, fontSize: 10 },
        encoding: { x: { datum: 0, type: 'quantitative' }, y: { field: 'value', type: 'quantitative' }, text: { field: 'phase' }, color } },
      { name: 'curve', data: { name: 'points' }, mark: { type: 'line' }, encoding: { x: sparsity, y: metric, color, detail: { field: 'metric' } } },
      { name: 'curve_points', data: { name: 'points' }, mark: { type: 'point', filled: true, size: 50 }, encoding: { x: sparsity, y: metric, color } },
    ],
  };
  const single = phasesWithoutCurve(points, tables);
  return {
    id: 'accuracy-sparsity',
    title: `Test ${[...metrics].join(' / ')} against sparsity`,
    caption: 'Each point is a test evaluation of a prune phase at the sparsity of the pruning event before it; dashed levels are the final results '
      + `of the other phases on the same task. ${single.length > 0
        ? `Only the end of ${single.map((p) => `"${p}"`).join(', ')} was evaluated: set "evaluateEvents": true on the phase (or run with --evaluate-events) to evaluate after every pruning event.`
        : ''}`.trim(),
    spec,
  };
}
