// @ontogeny/plugins: the built-in plugins, one file each, a folder per kind.
import type { AnyPluginDefinition } from '@ontogeny/core';
import { modelPlugins } from './models/index.js';
import { taskPlugins } from './tasks/index.js';
import { languagePlugins } from './language/index.js';
import { bertologyPlugins } from './models/bert/index.js';
import { criterionPlugins } from './criteria/index.js';
import { disorderPlugins } from './disorders/index.js';
import { maskLearnerPlugins } from './mask-learners/index.js';
import { lrSchedulePlugins } from './lr-schedules/index.js';
import { optimizerPlugins } from './optimizers/index.js';
import { regrowthPlugins } from './regrowth/index.js';
import { schedulePlugins } from './schedules/index.js';

/** Every built-in plugin, registered by the CLI under the origin "@ontogeny/plugins". */
export const builtinPlugins: readonly AnyPluginDefinition[] = [
  ...modelPlugins,
  ...taskPlugins,
  ...languagePlugins,
  ...bertologyPlugins,
  ...optimizerPlugins,
  ...lrSchedulePlugins,
  ...schedulePlugins,
  ...criterionPlugins,
  ...regrowthPlugins,
  ...maskLearnerPlugins,
  ...disorderPlugins,
];

/* Models */
export { Mlp, mlpPlugin } from './models/mlp.js';
export type { MlpOptions } from './models/mlp.js';
export { BertModel, hasAttentionHeads, HeadLesion, removalOrder } from './models/bert/index.js';
export type { AttentionHeads, BertOptions, EncoderProbe, HeadLesionOptions } from './models/bert/index.js';

/* Language */
export { languageFor } from './language/index.js';
export type { Language } from './language/index.js';

/* Electrodes */
export { ElectrodeRecorder, readElectrodeIndex, readElectrode } from './models/bert/index.js';
export type { ElectrodeRecord, ElectrodeIndex, ElectrodeOptions } from './models/bert/index.js';
