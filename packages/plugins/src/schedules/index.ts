// The pruning-schedule plugins.
import type { AnyPluginDefinition } from '@ontogeny/core';
import constant from './constant.js';
import cosineDrop from './cosine-drop.js';
import cubic from './cubic.js';
import exponential from './exponential.js';
import iterative from './iterative.js';
import linear from './linear.js';
import oneShot from './one-shot.js';
import polynomial from './polynomial.js';

export const schedulePlugins: readonly AnyPluginDefinition[] = [constant, cosineDrop, cubic, exponential, iterative, linear, oneShot, polynomial];
