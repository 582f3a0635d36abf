// The accuracy matrix of each continual phase as a heat map: task j's test accuracy after learning task i.
import type { TopLevelSpec } from 'vega-lite';
import { FIGURE_CONFIG, type Figure } from '../figure.js';
import type { LifespanTables } from '../lifespan-tables.js';

/** One measured entry R[i][j] of a phase's matrix. */
interface MatrixCell {
  readonly phase: string;
  readonly after: number;
  readonly task: number;
  readonly name: string;
  readonly accuracy: number;
}

/** One panel per continual phase (side by side, one colour scale), or null when the run has none. */
export function continualFigure(tables: LifespanTables): Figure | null {
  const phases = Object.keys(tables.continual);
  if (phases.length === 0) return null;
  const cells: MatrixCell[] = phases.flatMap((phase) => {
    const result = tables.continual[phase]!;
    return result.accuracy.flatMap((row, after) => row.flatMap((accuracy, task) =>
      accuracy === null ? [] : [{ phase, after, task, name: result.tasks[task]!, accuracy }]));
  });
  const tasks = Math.max(...phases.map((phase) => tables.continual[phase]!.tasks.length));
  const side = Math.max(120, Math.min(320, tasks * 24));
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: FIGURE_CONFIG,
    data: { values: cells.map((cell) => ({ ...cell })) },
    facet: { column: { field: 'phase', type: 'nominal', sort: phases, title: null } },
    spec: {
      width: side,
      height: side,
      mark: { type: 'rect' },
      encoding: {
        x: { field: 'task', type: 'ordinal', title: 'task j tested', axis: { labelAngle: 0, labelOverlap: true } },
        y: { field: 'after', type: 'ordinal', title: 'after learning task i', axis: { labelOverlap: true } },
        color: { field: 'accuracy', type: 'quantitative', scale: { scheme: 'viridis', domain: [0, 1] }, title: 'accuracy' },
        tooltip: [
          { field: 'phase', type: 'nominal' }, { field: 'name', type: 'nominal', title: 'task' },
          { field: 'after', type: 'ordinal', title: 'after task' }, { field: 'accuracy', type: 'quantitative', format: '.4f' },
        ],
      },
    },
    resolve: { scale: { color: 'shared' } },
  };
  return {
    id: 'continual-accuracy',
    title: 'Accuracy matrix of each continual phase',
    caption: 'Row i, column j: test accuracy on task j after learning tasks 0…i, one panel per phase on one colour scale. ' +
      'A column that keeps its colour down the rows is a task not forgotten; one that fades is forgetting. ' +
      'Blank cells were not measured (`reevaluate: at-end` tests only the diagonal and the last row).',
    spec,
  };
}
