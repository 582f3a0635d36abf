// The disorder plugins.
import type { AnyPluginDefinition } from '@ontogeny/core';
import quantize from './quantize.js';

export const disorderPlugins: readonly AnyPluginDefinition[] = [quantize];
