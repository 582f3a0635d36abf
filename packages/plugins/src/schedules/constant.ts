// A fixed sparsity for the whole phase: one pruning event at step 0.
import { definePlugin } from '@ontogeny/core';
import { SingleEventSchedule } from './single-event.js';

export default definePlugin({
  kind: 'schedule',
  name: 'constant',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'a fixed sparsity from the start, the static-mask baseline of Evci et al. 2020 (RigL) and Mocanu et al. 2018 (SET)',
  description: 'Prunes to `to` at the first step and holds it.',
  options: {
    type: 'object', additionalProperties: false,
    properties: { to: { type: 'number', minimum: 0, maximum: 1, description: 'Sparsity held throughout the phase.' } },
    required: ['to'],
  },
  create: (options) => new SingleEventSchedule(options.to, 0),
});
