// Step decay: the learning rate multiplied by γ every N steps.
import { definePlugin, type OptionsOf } from '@ontogeny/core';

const stepDecayOptions = {
  type: 'object', additionalProperties: false,
  properties: {
    gamma: { type: 'number', exclusiveMinimum: 0, maximum: 1, default: 0.1, description: 'Multiplier γ applied at each drop (default 0.1).' },
    every: { type: 'integer', minimum: 1, description: 'Steps between drops.' },
  },
  required: ['every'],
} as const;

export type StepDecayOptions = OptionsOf<typeof stepDecayOptions>;

export default definePlugin({
  kind: 'lr-schedule',
  name: 'step',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'He et al. 2016 (÷10 at fixed epochs); torch.optim.lr_scheduler.StepLR',
  description: 'Factor γ^⌊t / every⌋: the rate drops by γ every `every` steps.',
  options: stepDecayOptions,
  create: (options) => ({ factor: (step: number) => options.gamma ** Math.floor(step / options.every) }),
});
