// The pruning-criterion plugins.
import type { AnyPluginDefinition } from '@ontogeny/core';
import magnitude from './magnitude.js';
import movement from './movement.js';
import random from './random.js';
import score from './score.js';
import taylor from './taylor.js';

export const criterionPlugins: readonly AnyPluginDefinition[] = [magnitude, movement, random, score, taylor];
