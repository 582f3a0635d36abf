// Every plugin a spec references, with its JSON path and kind, so each can be made once before the run and its refusals located.
import { PLUGIN_KINDS, type PluginKind } from '../plugin/kinds.js';
import type { JsonSchema } from '../plugin/define-plugin.js';
import type { PluginReference } from '../plugin/registry.js';
import { pluginRef } from '../spec/schema.js';
import type { LifespanSpec } from '../spec/spec.js';
import type { PhaseKind } from './phase-kind.js';

/** A plugin reference of a spec: where it is, the kind of plugin it names, and the reference itself. */
export interface LocatedReference {
  readonly path: string;
  readonly kind: PluginKind;
  readonly reference: PluginReference;
}

/**
 * The plugin references of `spec`'s phases (their own options, nested ones such as a prune phase's `retune`,
 * and their disorders) and its reporters. Phase kinds say which option names which kind of plugin through
 * their schema, where each plugin reference is a `$ref` to its kind's definition.
 */
export function pluginReferences(spec: LifespanSpec, kinds: readonly PhaseKind[]): LocatedReference[] {
  const found: LocatedReference[] = [];
  (spec.reporters ?? []).forEach((reference, index) => found.push({ path: `/reporters/${index}`, kind: 'reporter', reference }));
  spec.phases.forEach((phase, index) => {
    const at = `/phases/${index}`;
    const kind = kinds.find((candidate) => candidate.kind === phase.kind);
    if (kind) collect(phase, kind.schema(pluginRef).properties, at, found);
    for (const when of ['before', 'after'] as const) {
      (phase[when] ?? []).forEach((use, position) => found.push({ path: `${at}/${when}/${position}`, kind: 'disorder', reference: use }));
    }
    (phase.during?.disorders ?? []).forEach((use, position) => found.push({ path: `${at}/during/disorders/${position}`, kind: 'disorder', reference: use }));
  });
  return found;
}

function collect(options: object, properties: Record<string, JsonSchema>, path: string, found: LocatedReference[]): void {
  for (const [name, schema] of Object.entries(properties)) {
    const value = (options as Record<string, unknown>)[name];
    if (typeof value !== 'object' || value === null) continue;
    const kind = PLUGIN_KINDS.find((candidate) => schema.$ref === pluginRef(candidate).$ref);
    if (kind) found.push({ path: `${path}/${name}`, kind, reference: value as PluginReference });
    else if ((schema as { properties?: Record<string, JsonSchema> }).properties) {
      collect(value, (schema as { properties: Record<string, JsonSchema> }).properties, `${path}/${name}`, found);
    }
  }
}
