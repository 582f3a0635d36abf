// Zhao et al.'s mask learner: Piggyback's threshold, with the smallest weights starting off the mask.
import { definePlugin } from '@ontogeny/core';
import { initSparsityOption } from './mask-writer.js';
import { ThresholdLearner, thresholdOptions } from './threshold.js';

export default definePlugin({
  kind: 'mask-learner',
  name: 'magnitude-threshold',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'Zhao, Lin, Keller, Schütze & Liu 2020, "Masking as an Efficient Alternative to Finetuning for Pretrained Language Models"',
  description: 'Threshold masking whose scores start at 0 for the smallest-|w| fraction `initSparsity` of the kept connections.',
  options: {
    type: 'object', additionalProperties: false,
    properties: { ...thresholdOptions, initSparsity: { ...initSparsityOption, default: 0.05, description: 'Fraction of the kept connections, smallest |w| first, whose scores start at 0 (off the mask) (default 0.05).' } },
  },
  inject: ['kernel'],
  create: (options, { kernel }) => new ThresholdLearner(options, kernel, options.initSparsity),
});
