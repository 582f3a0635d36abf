// The mask-learner plugins.
import type { AnyPluginDefinition } from '@ontogeny/core';
import bernoulli from './bernoulli.js';
import magnitudeThreshold from './magnitude-threshold.js';
import threshold from './threshold.js';
import topk from './topk.js';

export const maskLearnerPlugins: readonly AnyPluginDefinition[] = [threshold, magnitudeThreshold, topk, bernoulli];
