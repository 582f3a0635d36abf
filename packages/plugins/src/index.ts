// @ontogeny/plugins: the built-in plugins, one file each, a folder per kind.
import type { AnyPluginDefinition } from '@ontogeny/core';
import { modelPlugins } from './models/index.js';

/** Every built-in plugin, registered by the CLI under the origin "@ontogeny/plugins". */
export const builtinPlugins: readonly AnyPluginDefinition[] = [
  ...modelPlugins,
];

export { Mlp, mlpPlugin } from './models/mlp.js';
