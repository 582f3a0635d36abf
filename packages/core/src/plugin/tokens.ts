// The inversify tokens: one per plugin kind, under which each plugin definition is bound by name.
import type { ServiceIdentifier } from 'inversify';
import type { PluginDefinition, ServiceName } from './define-plugin.js';
import type { PluginKind } from './kinds.js';

/** The token under which plugins of `kind` are bound (`container.get(pluginToken('schedule'), { name: 'cubic' })`). */
export function pluginToken<K extends PluginKind>(kind: K): ServiceIdentifier<PluginDefinition<K, never, ServiceName>> {
  // Symbol.for keeps one symbol per kind across copies of this module (a plugin package with its own core)
  return Symbol.for(`ontogeny.plugin.${kind}`);
}
