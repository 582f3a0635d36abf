// A figure of the report: a declarative Vega-Lite spec carrying its own data, with the words a reader needs.
import type { TopLevelSpec } from 'vega-lite';

/** One figure: drawn from `spec` alone (its data are inline), so the same object renders to SVG, PNG or a live page. */
export interface Figure {
  /** Stable id, kebab-case: the PNG's file name and the page element's id. */
  readonly id: string;
  readonly title: string;
  /** What the figure shows and how to read it. */
  readonly caption: string;
  readonly spec: TopLevelSpec;
}

/** Width of a full-width plot in pixels (the page is about 900 px wide). */
export const PLOT_WIDTH = 760;

/** The look every figure shares: a plain sans-serif font, light grids, no outer frame. */
export const FIGURE_CONFIG = {
  font: 'DejaVu Sans, Liberation Sans, Arial, sans-serif',
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 13, anchor: 'start' as const },
};

/** The categorical palette of phases, the same in every figure of a run (a phase keeps its colour). */
export function phaseColor(phases: readonly string[]): { domain: string[]; scheme: 'tableau10' | 'tableau20' } {
  return { domain: [...phases], scheme: phases.length > 10 ? 'tableau20' : 'tableau10' };
}
