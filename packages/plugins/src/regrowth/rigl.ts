// RigL's regrowth: the removed connections with the largest dense gradient |dL/dw| come back.
import { definePlugin, markLargest, type MaskedParameter, type RegrowthRule } from '@ontogeny/core';

/**
 * The `count` removed entries of largest |dL/dW| (Evci et al. 2020, §3: "grow the connections with the highest
 * magnitude gradients"), ties to the lowest index. Reads `w.denseGrad`, which the phase fills because
 * `needsDenseGrad` is set.
 */
export function largestGradient(w: MaskedParameter, count: number): Int32Array {
  const gradient = w.denseGrad;
  if (!gradient) {
    throw new Error(`regrowth "rigl": layer ${w.name} has no dense gradient — the phase must set denseGrad (needsDenseGrad) before choosing`);
  }
  const magnitudes = Float32Array.from(gradient, Math.abs);
  const chosen = new Uint8Array(w.size);
  markLargest(magnitudes, w.size, count, (i) => w.removed.get(i), new Float32Array(w.size), chosen);
  const indices: number[] = [];
  chosen.forEach((bit, i) => { if (bit) indices.push(i); });
  return Int32Array.from(indices);
}

export default definePlugin({
  kind: 'regrowth',
  name: 'rigl',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'Evci, Gale, Menick, Castro & Elsen 2020, "Rigging the Lottery: Making All Tickets Winners" (RigL)',
  description: 'Regrows the removed connections with the largest dense gradient magnitude |dL/dw|.',
  options: { type: 'object', additionalProperties: false, properties: {} },
  create: (): RegrowthRule => ({ needsDenseGrad: true, choose: largestGradient }),
});
