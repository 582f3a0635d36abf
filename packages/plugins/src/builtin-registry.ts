// A plugin registry holding every built-in plugin: where library use and the CLI start.
import { PluginRegistry } from '@ontogeny/core';
import { builtinPlugins } from './builtin-plugins.js';

/**
 * A new registry with every built-in plugin, registered under the origin "@ontogeny/plugins"; register your own
 * on it with `registry.register(origin, ...plugins)`.
 *
 * @example
 * const result = await runSpec(spec, builtinRegistry());
 */
export function builtinRegistry(): PluginRegistry {
  return new PluginRegistry().register('@ontogeny/plugins', ...builtinPlugins);
}
