// Binarization: weights replaced by their sign at the Kaiming scale, sign(w)·√(2/fan_in).
import { definePlugin, type Disorder } from '@ontogeny/core';
import { doseOption, layerRewriter, randomSubset } from './weight-edits.js';

export default definePlugin({
  kind: 'disorder',
  name: 'binarize',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'Zhou et al. 2019 (signed Kaiming constant, "the sign is all you need"); Courbariaux et al. 2016 (BinaryConnect)',
  description: 'Replaces a fraction of each layer\'s weights by sign(w)·√(2/fan_in); the dose is the fraction.',
  options: {
    type: 'object', additionalProperties: false, properties: { fraction: doseOption({ maximum: 1, default: 1, description: 'Fraction of each layer\'s weights binarized, chosen at random (default 1: all).' }) },
  },
  create: ({ fraction }): Disorder => layerRewriter(fraction, (w, rng) => {
    const scale = Math.fround(Math.sqrt(2 / w.cols));
    for (const i of randomSubset(w.size, fraction, rng)) w.values[i] = Math.sign(w.values[i]) * scale;
    // Wholly binarized, the layer is a 1-bit quantization; record it so exports write codes and a scale.
    if (fraction === 1) {
      w.quantization = {
        bits: 1, scales: Float32Array.of(scale), zeroPoints: new Int32Array(1), codes: Int32Array.from(w.values, Math.sign),
      };
    }
  }),
});
