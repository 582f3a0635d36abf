// The BERTology tools: the `head-lesion` disorder and the `electrodes` reporter, plus the model's library functions.
import type { AnyPluginDefinition } from '@ontogeny/core';
import { electrodesPlugin } from './electrodes-reporter.js';
import headLesion from './head-lesion.js';

export { BertModel, hasAttentionHeads } from './bert-model.js';
export type { AttentionHeads, BertOptions, EncoderProbe } from './bert-model.js';
export { HeadLesion, removalOrder } from './head-lesion.js';
export { ElectrodeRecorder, readElectrodeIndex, readElectrode } from './electrodes.js';
export type { ElectrodeRecord, ElectrodeIndex, ElectrodeOptions } from './electrodes.js';
export type { HeadLesionOptions } from './head-lesion.js';

/** The BERTology tools of this folder, for `builtinPlugins` (the `bert` model itself is among the model plugins). */
export const bertologyPlugins: readonly AnyPluginDefinition[] = [
  headLesion as AnyPluginDefinition,
  electrodesPlugin as AnyPluginDefinition,
];
