// The `head-lesion` disorder: removes attention heads (W_O columns masked out, ≡ gate ξ_h = 0) by index, at random, or least important first (Michel et al. 2019).
import { definePlugin, type Disorder, type DisorderTarget, type OptionsOf, type PerturbReport, type Rng } from '@ontogeny/core';
import { hasAttentionHeads, type AttentionHeads } from './bert-model.js';

const headLesionOptions = {
  type: 'object',
  additionalProperties: false,
  properties: {
    order: { enum: ['importance', 'index', 'random'], default: 'importance', description: 'Which heads go first: least important (per-layer normalised), in index order, or random.' },
    count: { type: 'integer', minimum: 0, description: 'Heads removed in all after this lesion (already removed ones count).' },
    fraction: { type: 'number', minimum: 0, maximum: 1, description: 'Fraction of all heads removed in all (instead of count).' },
    how: { enum: ['mask', 'gate'], default: 'mask', description: "'mask': remove the head's columns of the attention output for good (kept by checkpoints and branches, counted in density); 'gate': set its gate ξ_h to 0 (the model's live state only)." },
    heads: { type: 'array', items: { type: 'string', pattern: '^[0-9]+\\.[0-9]+$' }, description: 'Explicit heads "layer.head" to remove (with count: the first count of them; default all).' },
  },
} as const;

/**
 * The options of `head-lesion`, after validation and defaults: `count` heads (or a `fraction` of all) removed in all
 * once applied, already removed ones counting, in `order`; `heads`: explicit "layer.head" names (order 'index'), the
 * first `count` of them removed; `how`: 'mask' removes a head's W_O columns for good, 'gate' sets ξ_h = 0.
 */
export type HeadLesionOptions = OptionsOf<typeof headLesionOptions>;

/** Every head as [layer, head], in the order they are to be removed. */
export function removalOrder(model: AttentionHeads, options: HeadLesionOptions, rng: Rng): Array<[number, number]> {
  const all: Array<[number, number]> = [];
  for (let l = 0; l < model.layerCount; l++) for (let h = 0; h < model.headCount; h++) all.push([l, h]);
  if (options.heads) {
    return options.heads.map((name) => {
      const [l, h] = name.split('.').map(Number);
      if (!Number.isInteger(l) || !Number.isInteger(h) || l < 0 || l >= model.layerCount || h < 0 || h >= model.headCount) {
        throw new RangeError(`head-lesion: no head "${name}" — expected "layer.head" with layer 0–${model.layerCount - 1}, head 0–${model.headCount - 1}`);
      }
      return [l, h] as [number, number];
    });
  }
  if (options.order === 'index') return all;
  if (options.order === 'random') return [...rng.permutation(all.length)].map((i) => all[i]);
  const importance = model.headImportance();
  if (importance.every((layer) => layer.every((value) => value === 0))) {
    throw new Error('head-lesion: no head importance yet — order "importance" needs a training phase (backward passes) before the lesion');
  }
  // Michel et al.: per-layer normalised scores compared globally, least important first; ties by position
  return all.sort((a, b) => importance[a[0]][a[1]] - importance[b[0]][b[1]] || a[0] - b[0] || a[1] - b[1]);
}

/**
 * Every head's importance as `importance:<layer>.<head>` entries of the perturb event's detail (none before any
 * backward pass), so a report can set the removal curve against the importances that ordered it.
 */
function importanceDetail(model: AttentionHeads): Record<string, number> {
  const importance = model.headImportance();
  if (importance.every((layer) => layer.every((value) => value === 0))) return {};
  return Object.fromEntries(importance.flatMap((layer, l) => layer.map((value, h) => [`importance:${l}.${h}`, value])));
}

export class HeadLesion implements Disorder {
  constructor(private readonly options: HeadLesionOptions) {}

  apply(target: DisorderTarget, rng: Rng): PerturbReport {
    const heads = target.model;
    if (!hasAttentionHeads(heads)) throw new Error('head-lesion: the model has no attention heads (use a bert model)');
    const total = heads.layerCount * heads.headCount;
    const wanted = this.options.count ?? Math.round((this.options.fraction ?? 0) * total);
    const order = removalOrder(heads, this.options, rng);
    const removedNow: string[] = [];
    let removed = order.filter(([l, h]) => !heads.headActive(l, h)).length;
    for (const [l, h] of order) {
      if (removed >= Math.min(wanted, order.length)) break;
      if (!heads.headActive(l, h)) continue;
      if (this.options.how === 'gate') heads.setHeadGate(l, h, 0);
      else heads.removeAttentionHead(l, h);
      removedNow.push(`${l}.${h}`);
      removed++;
    }
    return { dose: removed / total, detail: { removed, total, heads: removedNow.join(' '), order: this.options.order, ...importanceDetail(heads) } };
  }
}

export default definePlugin({
  kind: 'disorder',
  name: 'head-lesion',
  version: '0.1.0',
  core: '^0.1.0',
  source: 'Michel, Levy & Neubig 2019, "Are Sixteen Heads Really Better than One?" (importance I_h = E|A_hᵀ ∂L/∂A_h|)',
  description: 'Removes attention heads (gate 0) until `count` (or `fraction`) of them are gone: least important first, by index, or at random.',
  options: headLesionOptions,
  create: (options) => new HeadLesion(options.heads && options.count === undefined ? { ...options, count: options.heads.length } : options),
});
