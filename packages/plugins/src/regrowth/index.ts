// The regrowth plugins (dynamic sparsity).
import type { AnyPluginDefinition } from '@ontogeny/core';
import rigl from './rigl.js';
import set from './set.js';

export const regrowthPlugins: readonly AnyPluginDefinition[] = [set, rigl];
