// The BERTology plugins: the `bert` model and the `head-lesion` disorder, plus the library functions they share.
import type { AnyPluginDefinition } from '@ontogeny/core';
import bert from '../bert.js';
import headLesion from './head-lesion.js';

export { BertModel, hasAttentionHeads } from './bert-model.js';
export type { AttentionHeads, BertOptions, EncoderProbe } from './bert-model.js';
export { HeadLesion, removalOrder } from './head-lesion.js';
export type { HeadLesionOptions } from './head-lesion.js';

/** The plugins of this folder, for `builtinPlugins`. */
export const bertPlugins: readonly AnyPluginDefinition[] = [
  bert as AnyPluginDefinition,
  headLesion as AnyPluginDefinition,
];
