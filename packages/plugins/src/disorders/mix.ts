// Mixing with a fresh initialisation: w ← (1 − f)·w + f·KaimingNormal, from the trained net (f = 0) to a random one (f = 1).
import { definePlugin, kaimingNormal, type Disorder } from '@ontogeny/core';
import { doseOption, layerRewriter } from './weight-edits.js';

export default definePlugin({
  kind: 'disorder',
  name: 'mix',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'He et al. 2015 (Kaiming normal, gain √2); interpolation toward re-initialisation as in Zhang, Bengio & Singer 2019, "Are All Layers Created Equal?"',
  description: 'Interpolates each layer toward a fresh Kaiming-normal draw: w ← (1 − f)·w + f·N(0, 2/fan_in); the dose is f.',
  options: {
    type: 'object', additionalProperties: false, properties: { fraction: doseOption({ maximum: 1, description: 'Mixing fraction f: 0 keeps the weights, 1 replaces them by a fresh initialisation.' }) }, required: ['fraction'],
  },
  create: ({ fraction }): Disorder => layerRewriter(fraction, (w, rng) => {
    const fresh = new Float32Array(w.size);
    kaimingNormal(fresh, w.cols, rng);
    for (let i = 0; i < w.size; i++) w.values[i] = (1 - fraction) * w.values[i] + fraction * fresh[i];
  }),
});
