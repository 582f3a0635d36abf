// Per-layer density bars: each masked layer's fraction of kept connections at the end of each phase.
import type { TopLevelSpec } from 'vega-lite';
import { FIGURE_CONFIG, phaseColor, type Figure } from '../figure.js';
import type { LifespanTables } from '../lifespan-tables.js';

/** Grouped bars (a group per layer, a bar per phase) from the phase:end densities; heads are left out (never masked). */
export function densityFigure(tables: LifespanTables): Figure | null {
  const rows = tables.densities.filter((row) => !row.layer.startsWith('head:'));
  if (rows.length === 0) return null;
  const names = tables.phases.map((p) => p.name);
  const layers = [...new Set(rows.map((row) => row.layer))];
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: FIGURE_CONFIG,
    data: { values: rows.map((row) => ({ ...row })) },
    width: { step: Math.max(6, Math.min(18, Math.floor(600 / Math.max(1, layers.length * names.length)))) },
    height: 220,
    name: 'density',
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'layer', type: 'nominal', sort: layers, title: 'layer', axis: { labelAngle: layers.length > 6 ? -40 : 0 } },
      xOffset: { field: 'phase', type: 'nominal', sort: names },
      y: { field: 'density', type: 'quantitative', title: 'density (kept / all)', scale: { domain: [0, 1] } },
      color: { field: 'phase', type: 'nominal', scale: phaseColor(names), title: 'phase' },
    },
  };
  return {
    id: 'density',
    title: 'Density per layer at the end of each phase',
    caption: 'One bar per phase in each layer’s group: the fraction of the layer’s connections still kept when the phase ended.',
    spec,
  };
}
