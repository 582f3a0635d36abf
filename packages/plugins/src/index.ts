// @ontogeny/plugins: the built-in plugins, one file each, a folder per kind.
import type { AnyPluginDefinition } from '@ontogeny/core';

/** Every built-in plugin, registered by the CLI under the origin "@ontogeny/plugins". */
export const builtinPlugins: readonly AnyPluginDefinition[] = [
];
