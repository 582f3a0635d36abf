// Shuffling: a fraction f of each layer's weights permuted among their own positions, keeping the layer's distribution.
import { definePlugin, type Disorder } from '@ontogeny/core';
import { doseOption, layerRewriter, randomSubset } from './weight-edits.js';

export default definePlugin({
  kind: 'disorder',
  name: 'shuffle',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'the layer-wise weight shuffle control of Zhou et al. 2019 and Frankle & Carbin 2019 (same distribution, structure destroyed)',
  description: 'Permutes the values at a random fraction f of each layer\'s positions: f = 0 is the trained net, f = 1 a random one of the same distribution.',
  options: {
    type: 'object', additionalProperties: false, properties: { fraction: doseOption({ maximum: 1, description: 'Fraction f of each layer\'s weights whose values are permuted among themselves.' }) }, required: ['fraction'],
  },
  create: ({ fraction }): Disorder => layerRewriter(fraction, (w, rng) => {
    const positions = randomSubset(w.size, fraction, rng);
    const values = rng.shuffle(Float32Array.from(positions, (i) => w.values[i]));
    positions.forEach((i, k) => { w.values[i] = values[k]; });
  }),
});
