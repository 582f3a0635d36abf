// One-shot pruning: the whole target removed in a single event at a chosen step.
import { definePlugin } from '@ontogeny/core';
import { SingleEventSchedule } from './single-event.js';

export default definePlugin({
  kind: 'schedule',
  name: 'one-shot',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'Han et al. 2015, "Learning both Weights and Connections" (one pruning step); the baseline of Zhu & Gupta 2017',
  description: 'Removes the whole target `to` at step `at`, nothing before.',
  options: {
    type: 'object', additionalProperties: false,
    properties: {
      to: { type: 'number', minimum: 0, maximum: 1, description: 'Sparsity after the event.' },
      at: { type: 'integer', minimum: 0, default: 0, description: 'Step of the single event (default 0).' },
    },
    required: ['to'],
  },
  create: (options) => new SingleEventSchedule(options.to, options.at),
});
