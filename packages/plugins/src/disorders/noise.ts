// Synaptic noise: Gaussian noise scaled to each layer's own spread, w ← w + σ·std(w)·N(0, 1).
import { definePlugin, type Disorder } from '@ontogeny/core';
import { doseOption, layerRewriter, standardDeviation } from './weight-edits.js';

export default definePlugin({
  kind: 'disorder',
  name: 'noise',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'multiplicative-scale weight noise as in Hochreiter & Schmidhuber 1997 (flat minima) and Keskar et al. 2017 (sharpness); the dose-response of LITERATURE.md',
  description: 'Adds Gaussian noise of standard deviation σ·std(w) to every weight of each layer; the dose is σ.',
  options: {
    type: 'object', additionalProperties: false, properties: { sigma: doseOption({ description: "Noise σ relative to each layer's weight standard deviation." }) }, required: ['sigma'],
  },
  create: ({ sigma }): Disorder => layerRewriter(sigma, (w, rng) => {
    const scale = sigma * standardDeviation(w.values);
    for (let i = 0; i < w.size; i++) w.values[i] += scale * rng.normal();
  }),
});
