// Linear warm-up: the learning rate rises from base/W to base over W steps, then stays or anneals by cosine.
import { definePlugin, type OptionsOf } from '@ontogeny/core';
import { cosineFactor, floorOption } from './cosine-decay.js';

const warmupOptions = {
  type: 'object', additionalProperties: false,
  properties: {
    steps: { type: 'integer', minimum: 1, description: 'Warm-up length W in steps.' },
    then: { enum: ['constant', 'cosine'], default: 'constant', description: "After the warm-up: hold the base rate, or anneal it by cosine (default 'constant')." },
    floor: floorOption,
  },
  required: ['steps'],
} as const;

export type WarmupOptions = OptionsOf<typeof warmupOptions>;

export default definePlugin({
  kind: 'lr-schedule',
  name: 'warmup',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'Goyal et al. 2017, "Accurate, Large Minibatch SGD" (gradual warm-up); Devlin et al. 2019 (BERT: warm-up, then decay)',
  description: 'Factor (t + 1)/W for the first W steps, then 1, or a cosine from 1 to the floor over the rest of the phase.',
  options: warmupOptions,
  create: (options) => ({
    factor(step: number, total: number): number {
      if (step < options.steps) return (step + 1) / options.steps;
      if (options.then === 'constant') return 1;
      const rest = total - options.steps;
      return cosineFactor(rest > 0 ? (step - options.steps) / rest : 1, options.floor);
    },
  }),
});
