// Lesions: output units or whole layers removed for good, their connections gone as after a stroke.
import { definePlugin, type Disorder, type DisorderTarget, type MaskedParameter, type Model, type PerturbReport, type Rng, type OptionsOf } from '@ontogeny/core';
import { randomSubset, untouched } from './weight-edits.js';

const lesionOptions = {
  type: 'object', additionalProperties: false,
  properties: {
    target: { enum: ['units', 'layers'], default: 'units', description: "What is lesioned: output units of the target layers, or whole named layers (default 'units')." },
    fraction: { type: 'number', minimum: 0, maximum: 1, default: 0.1, description: 'Fraction of each layer\'s output units lesioned, chosen at random, when `units` is not given (default 0.1).' },
    units: { type: 'array', items: { type: 'integer', minimum: 0 }, uniqueItems: true, description: 'Output units (row indices) to lesion in each target layer, instead of a random fraction.' },
    layers: { type: 'array', items: { type: 'string' }, uniqueItems: true, description: 'With target "layers": the layers (e.g. "fc2") whose connections are all removed.' },
  },
} as const;

export type LesionOptions = OptionsOf<typeof lesionOptions>;

/**
 * 'units': in each target layer the chosen output units (rows) lose every incoming connection, their bias is
 * zeroed, and their outgoing connections in the next masked layer (the one whose inputs they feed) go too,
 * so the unit falls silent. 'layers': every connection of the named layers is removed. Removal is for good
 * (`MaskedParameter.remove`), so re-tuning cannot undo a lesion, only work around it. Dose: the fraction of
 * units, or the number of layers.
 */
function lesion(options: LesionOptions): Disorder {
  return {
    apply(target: DisorderTarget, rng: Rng): PerturbReport {
      return options.target === 'layers' ? lesionLayers(target.model, options.layers ?? []) : lesionUnits(target, options, rng);
    },
  };
}

function lesionUnits(target: DisorderTarget, options: LesionOptions, rng: Rng): PerturbReport {
  const all = target.model.maskedParameters();
  const fraction = options.units ? null : options.fraction;
  if (fraction === 0 || options.units?.length === 0) return untouched({ units: 0, connections: 0 });
  let units = 0;
  let connections = 0;
  for (const w of target.layers) {
    const rows = options.units ? Int32Array.from(options.units) : randomSubset(w.rows, options.fraction, rng);
    const outOfRange = rows.find((r) => r >= w.rows);
    if (outOfRange !== undefined) throw new RangeError(`lesion: unit ${outOfRange} does not exist in ${w.name}, which has ${w.rows} output units`);
    connections += w.remove(rowEntries(w, rows));
    const next = all[all.indexOf(w) + 1];
    if (next && next.cols === w.rows) connections += next.remove(columnEntries(next, rows));
    const bias = target.model.bodyParameters().find((p) => p.name === w.name.replace(/\.weight$/, '.bias') && p.size === w.rows);
    if (bias) {
      for (const r of rows) bias.values[r] = 0;
      bias.touch();
    }
    units += rows.length;
  }
  const dose = fraction ?? units / Math.max(1, target.layers.reduce((sum, w) => sum + w.rows, 0));
  return { dose, detail: { units, connections } };
}

function lesionLayers(model: Model, names: readonly string[]): PerturbReport {
  if (names.length === 0) return untouched({ layers: 0, connections: 0 });
  const all = model.maskedParameters();
  let connections = 0;
  for (const name of names) {
    const w = all.find((p) => p.name === name || p.name === `${name}.weight`);
    if (!w) throw new RangeError(`lesion: no masked layer named "${name}" — expected one of ${all.map((p) => p.name.replace(/\.weight$/, '')).join(', ')}`);
    connections += w.remove(Array.from({ length: w.size }, (_, i) => i));
  }
  return { dose: names.length, detail: { layers: names.length, connections } };
}

function* rowEntries(w: MaskedParameter, rows: Int32Array): Generator<number> {
  for (const r of rows) for (let c = 0; c < w.cols; c++) yield r * w.cols + c;
}

function* columnEntries(w: MaskedParameter, cols: Int32Array): Generator<number> {
  for (let r = 0; r < w.rows; r++) for (const c of cols) yield r * w.cols + c;
}

export default definePlugin({
  kind: 'disorder',
  name: 'lesion',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'LeCun, Denker & Solla 1990 (Optimal Brain Damage) and lesion studies of units, e.g. Morcos et al. 2018, "On the importance of single directions"',
  description: 'Removes for good a fraction (or a list) of output units of each target layer, or every connection of named layers.',
  options: lesionOptions,
  create: (options) => lesion(options),
});
