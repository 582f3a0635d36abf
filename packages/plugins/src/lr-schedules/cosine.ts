// Cosine annealing: the learning rate follows a half-cosine from the base rate to a floor over the phase.
import { definePlugin } from '@ontogeny/core';
import { cosineFactor, floorOption } from './cosine-decay.js';

export default definePlugin({
  kind: 'lr-schedule',
  name: 'cosine',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'Loshchilov & Hutter 2017, "SGDR", eq. 5 without restarts (torch CosineAnnealingLR); edge-popup trains with it',
  description: 'Factor floor + (1 − floor)·½(1 + cos(π·t/T)) over the phase, then the floor.',
  options: { type: 'object', additionalProperties: false, properties: { floor: floorOption } },
  create: (options) => ({
    factor: (step: number, total: number) => cosineFactor(total > 0 ? step / total : 1, options.floor),
  }),
});
