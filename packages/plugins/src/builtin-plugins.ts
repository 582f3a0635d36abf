// Every built-in plugin, in the order `ontogeny plugins` lists them.
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
