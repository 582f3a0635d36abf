// The constant learning-rate schedule: the base rate at every step.
import { definePlugin } from '@ontogeny/core';

export default definePlugin({
  kind: 'lr-schedule',
  name: 'constant',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'the base learning rate unchanged (Robbins & Monro 1951, fixed step size)',
  description: 'Factor 1 at every step.',
  options: { type: 'object', additionalProperties: false, properties: {} },
  create: () => ({ factor: () => 1 }),
});
