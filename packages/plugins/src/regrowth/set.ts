// SET's regrowth: removed connections brought back uniformly at random.
import { definePlugin, type MaskedParameter, type RegrowthRule, type Rng } from '@ontogeny/core';

/** `count` removed entries of `w`, uniformly without replacement (partial Fisher–Yates), ascending. */
export function randomRemoved(w: MaskedParameter, count: number, rng: Rng): Int32Array {
  const candidates: number[] = [];
  for (let i = 0; i < w.size; i++) if (w.removed.get(i)) candidates.push(i);
  const take = Math.min(count, candidates.length);
  for (let i = 0; i < take; i++) {
    const j = i + rng.int(candidates.length - i);
    [candidates[i], candidates[j]] = [candidates[j], candidates[i]];
  }
  return Int32Array.from(candidates.slice(0, take)).sort();
}

export default definePlugin({
  kind: 'regrowth',
  name: 'set',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'Mocanu et al. 2018, "Scalable training of artificial neural networks with adaptive sparse connectivity" (SET)',
  description: 'Regrows removed connections chosen uniformly at random.',
  options: { type: 'object', additionalProperties: false, properties: {} },
  create: (): RegrowthRule => ({ needsDenseGrad: false, choose: randomRemoved }),
});
