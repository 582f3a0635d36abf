// Attention maps of the sentences a BERT run's electrodes recorded, as heat maps: one figure per recorded phase, at its last recording.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { languageFor, readElectrode, readElectrodeIndex, type ElectrodeRecord } from '@ontogeny/plugins';
import { FIGURE_CONFIG, type Figure } from '../figure.js';
import type { LifespanTables } from '../lifespan-tables.js';
import type { RunFiles } from '../run-files.js';

const PAD = 0;

/** One cell of a map: how much query position `query` of `sequence` attends to key position `key` in `head`. */
export interface AttentionCell {
  readonly sequence: number;
  /** "layer L · head H" */
  readonly head: string;
  readonly query: number;
  readonly key: number;
  /** "position word" (position zero-padded), the axis labels. */
  readonly queryToken: string;
  readonly keyToken: string;
  readonly weight: number;
}

/**
 * The cells of every recorded attention map of `label` at its last recorded step, [PAD] positions left out.
 * Token ids become words through the language of the phase's task (its seed in the resolved spec).
 */
export function attentionCells(dir: string, records: readonly ElectrodeRecord[], words: (id: number) => string): AttentionCell[] {
  const tokens = records.find((r) => r.kind === 'tokens');
  if (!tokens) return [];
  const ids = readElectrode(dir, tokens);
  const [sequences, length] = tokens.shape;
  const cells: AttentionCell[] = [];
  for (const record of records.filter((r) => r.kind === 'attention')) {
    const maps = readElectrode(dir, record); // [K, H, T, T]
    const heads = record.shape[1];
    for (let k = 0; k < sequences; k++) {
      const kept = Array.from({ length }, (_, t) => t).filter((t) => ids[k * length + t] !== PAD);
      // Zero-padded positions sort the ordinal axes in sentence order
      const label = (t: number) => `${String(t).padStart(String(length - 1).length, '0')} ${words(ids[k * length + t])}`;
      for (let h = 0; h < heads; h++) {
        for (const i of kept) {
          for (const j of kept) {
            cells.push({ sequence: k, head: `layer ${record.layer} · head ${h}`, query: i, key: j, queryToken: label(i), keyToken: label(j), weight: maps[((k * heads + h) * length + i) * length + j] });
          }
        }
      }
    }
  }
  return cells;
}

/** One heat-map figure per phase the electrodes recorded (none for a run without electrodes.json). */
export function attentionFigures(run: RunFiles, tables: LifespanTables): Figure[] {
  if (!existsSync(join(run.dir, 'electrodes.json'))) return [];
  const index = readElectrodeIndex(run.dir);
  const labels = [...new Set(index.records.map((r) => r.label))];
  return labels.flatMap((label) => {
    const step = Math.max(...index.records.filter((r) => r.label === label).map((r) => r.step));
    const records = index.records.filter((r) => r.label === label && r.step === step);
    const cells = attentionCells(run.dir, records, wordsOf(run, tables, label));
    if (cells.length === 0) return [];
    // Fixed sizes: Vega-Lite cannot size facets by step when each has its own scales (each sentence its own words)
    const side = Math.min(260, Math.max(90, 9 * (Math.max(...cells.map((c) => c.query)) + 1)));
    const spec: TopLevelSpec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      config: { ...FIGURE_CONFIG, axis: { ...FIGURE_CONFIG.axis, labelFontSize: 8, grid: false } },
      data: { values: cells.map((c) => ({ ...c })) },
      facet: {
        row: { field: 'sequence', type: 'ordinal', title: 'recorded sentence' },
        column: { field: 'head', type: 'nominal', title: null },
      },
      spec: {
        name: 'attention',
        width: side, height: side,
        mark: { type: 'rect' },
        encoding: {
          x: { field: 'keyToken', type: 'ordinal', title: 'key', axis: { labelAngle: -60 } },
          y: { field: 'queryToken', type: 'ordinal', title: 'query' },
          color: { field: 'weight', type: 'quantitative', title: 'attention', scale: { scheme: 'blues', domain: [0, 1] } },
        },
      },
      resolve: { scale: { x: 'independent', y: 'independent' } },
    };
    return [{
      id: `attention-${label}`,
      title: `Attention maps in phase "${label}" at step ${step}`,
      caption: `The electrodes' recorded sentences (rows) through each recorded head (columns): cell (query, key) is how much the query position attends to the key `
        + '(softmax probability; each row sums to 1 over the real tokens; [PAD] positions are left out). Axis labels give the position and the word.',
      spec,
    }];
  });
}

/** Token id → word in the language of the task `label` ran on (ids themselves when the phase has no language task). */
function wordsOf(run: RunFiles, tables: LifespanTables, label: string): (id: number) => string {
  const task = tables.phases.find((p) => p.name === label)?.task;
  const options = task ? (run.spec.tasks as Record<string, { with?: { language?: unknown } }> | undefined)?.[task]?.with : undefined;
  if (typeof options?.language !== 'number') return String;
  const { words } = languageFor(options.language).tokenizer;
  return (id) => words[id] ?? String(id);
}
