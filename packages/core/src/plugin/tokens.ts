// The inversify tokens: one per plugin kind, under which each plugin definition is bound by name.
import type { ServiceIdentifier } from 'inversify';
import type { PluginDefinition } from './define-plugin.js';
import type { PluginKind } from './kinds.js';

const tokens = new Map<PluginKind, symbol>();

/** The token under which plugins of `kind` are bound (`container.get(pluginToken('schedule'), { name: 'cubic' })`). */
export function pluginToken<K extends PluginKind>(kind: K): ServiceIdentifier<PluginDefinition<K, never>> {
  let token = tokens.get(kind);
  if (!token) {
    token = Symbol.for(`ontogeny.plugin.${kind}`);
    tokens.set(kind, token);
  }
  return token;
}
