// The learning-rate schedule plugins.
import type { AnyPluginDefinition } from '@ontogeny/core';
import constant from './constant.js';
import cosine from './cosine.js';
import step from './step.js';
import warmup from './warmup.js';

export const lrSchedulePlugins: readonly AnyPluginDefinition[] = [constant, step, cosine, warmup];
