// The disorder plugins.
import type { AnyPluginDefinition } from '@ontogeny/core';
import badInit from './bad-init.js';
import binarize from './binarize.js';
import lesion from './lesion.js';
import mix from './mix.js';
import noise from './noise.js';
import quantize from './quantize.js';
import shuffle from './shuffle.js';
import unstableOptimizer from './unstable-optimizer.js';

export const disorderPlugins: readonly AnyPluginDefinition[] = [quantize, noise, shuffle, mix, binarize, lesion, badInit, unstableOptimizer];
