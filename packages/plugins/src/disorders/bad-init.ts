// A developmental fault of initialisation: weights scaled by a gain too small or too large, or made correlated across units.
import { definePlugin, type Disorder, type DisorderTarget, type PerturbReport, type Rng, type OptionsOf } from '@ontogeny/core';
import { rewriteLayers, standardDeviation } from './weight-edits.js';

const badInitOptions = {
  type: 'object', additionalProperties: false,
  properties: {
    mode: { enum: ['gain', 'correlate'], default: 'gain', description: "'gain': multiply every weight by `gain`; 'correlate': mix in a component shared by all units (default 'gain')." },
    gain: { type: 'number', exclusiveMinimum: 0, default: 0.1, description: 'Multiplier of the weights in mode gain: below 1 too small, above 1 too large (default 0.1).' },
    correlation: { type: 'number', minimum: 0, maximum: 1, default: 0.9, description: 'Correlation ρ between any two units\' incoming weights in mode correlate (default 0.9).' },
  },
} as const;

export type BadInitOptions = OptionsOf<typeof badInitOptions>;

/**
 * 'gain': w ← gain·w, the vanishing / exploding signal regimes of Glorot & Bengio 2010 and He et al. 2015.
 * 'correlate': w_ij ← √(1 − ρ)·w_ij + √ρ·std(w)·z_j with one z ~ N(0, 1) per input shared by every unit, so
 * any two units' weights correlate by ρ while each weight's variance stays (symmetry not quite broken,
 * Saxe et al. 2014 on why decorrelated initialisations train). The dose is |log₂ gain| (factors of two away
 * from healthy) or ρ.
 */
function badInit(options: BadInitOptions): Disorder {
  const { mode, gain, correlation } = options;
  return {
    apply(target: DisorderTarget, rng: Rng): PerturbReport {
      if (mode === 'gain') {
        return rewriteLayers(target, rng, Math.abs(Math.log2(gain)), (w) => {
          for (let i = 0; i < w.size; i++) w.values[i] *= gain;
        });
      }
      return rewriteLayers(target, rng, correlation, (w) => {
        const shared = standardDeviation(w.values) * Math.sqrt(correlation);
        const own = Math.sqrt(1 - correlation);
        const column = Float32Array.from({ length: w.cols }, () => rng.normal());
        for (let i = 0; i < w.size; i++) w.values[i] = own * w.values[i] + shared * column[i % w.cols];
      });
    },
  };
}

export default definePlugin({
  kind: 'disorder',
  name: 'bad-init',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'Glorot & Bengio 2010; He et al. 2015 (the gain that keeps signals stable); Saxe, McClelland & Ganguli 2014 (correlated / orthogonal initialisation)',
  description: 'Rescales the weights by a wrong gain, or correlates the units\' incoming weights; dose |log₂ gain| or ρ.',
  options: badInitOptions,
  create: (options) => badInit(options),
});
