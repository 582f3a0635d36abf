// The BERTology plugins: the `bert` model and the `head-lesion` disorder, plus the library functions they share.
import type { AnyPluginDefinition } from '@ontogeny/core';
import bert from '../bert.js';

export { BertModel, hasAttentionHeads } from './bert-model.js';
export type { BertOptions, EncoderProbe } from './bert-model.js';

/** The plugins of this folder, for `builtinPlugins`. */
export const bertPlugins: readonly AnyPluginDefinition[] = [
  bert as AnyPluginDefinition,
];
