// The figures every run has, drawn from its event stream alone: the report and the live view show the same ones.
import type { Figure } from './figure.js';
import { continualFigure } from './figures/continual-figure.js';
import { densityFigure } from './figures/density-figure.js';
import { sparsityFigure } from './figures/sparsity-figure.js';
import { timelineFigure } from './figures/timeline-figure.js';
import type { LifespanTables } from './lifespan-tables.js';

/**
 * The timeline, accuracy against sparsity (runs with prune phases), density per layer (once a phase has ended) and
 * the accuracy matrices (runs with continual phases).
 */
export function lifespanFigures(tables: LifespanTables): Figure[] {
  return [timelineFigure(tables), sparsityFigure(tables), densityFigure(tables), continualFigure(tables)]
    .filter((figure): figure is Figure => figure !== null);
}
