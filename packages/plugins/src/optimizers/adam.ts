// Adam: bias-corrected first and second moments, with optional L2 weight decay added to the gradient.
import { definePlugin } from '@ontogeny/core';
import { weightDecayOption } from './options.js';
import { AdaptiveMoments, adamOptionsSchema } from './adaptive-moments.js';

export default definePlugin({
  kind: 'optimizer',
  name: 'adam',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization", Algorithm 1 (torch.optim.Adam)',
  description: 'Adam with bias-corrected moments; weight decay, if any, is an L2 term in the gradient.',
  options: adamOptionsSchema(weightDecayOption),
  inject: ['kernel'],
  create: (options, { kernel }) => new AdaptiveMoments(options, false, kernel),
});
