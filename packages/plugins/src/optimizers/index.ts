// The optimiser plugins.
import type { AnyPluginDefinition } from '@ontogeny/core';
import adam from './adam.js';
import adamw from './adamw.js';
import rmsprop from './rmsprop.js';
import sgd from './sgd.js';

export const optimizerPlugins: readonly AnyPluginDefinition[] = [sgd, adam, adamw, rmsprop];
