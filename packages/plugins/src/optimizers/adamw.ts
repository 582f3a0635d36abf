// AdamW: Adam with weight decay decoupled from the gradient, applied to the weights directly.
import { definePlugin } from '@ontogeny/core';
import { AdaptiveMoments, adamOptionsSchema } from './adaptive-moments.js';

export default definePlugin({
  kind: 'optimizer',
  name: 'adamw',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'Loshchilov & Hutter 2019, "Decoupled Weight Decay Regularization", Algorithm 2 (torch.optim.AdamW)',
  description: 'Adam with decoupled weight decay: w ← w·(1 − lr·λ) before each Adam step.',
  options: adamOptionsSchema({
    type: 'number', minimum: 0, default: 0.01, description: 'Decoupled decay λ: each step shrinks w by the factor 1 − lr·λ (default 0.01, as PyTorch).',
  }),
  inject: ['kernel'],
  create: (options, { kernel }) => new AdaptiveMoments(options, true, kernel),
});
