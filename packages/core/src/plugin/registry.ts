// The plugin registry: checks each definition once (name, kind, version range, options schema), then binds it by name.
import { Container } from 'inversify';
import semver from 'semver';
import {
  PLUGIN_DUPLICATE, PLUGIN_INCOMPATIBLE, PLUGIN_INVALID, PLUGIN_UNKNOWN,
} from '../errors.js';
import { createAjv } from '../spec/ajv.js';
import { CORE_VERSION } from '../version.js';
import type { AnyPluginDefinition, JsonSchema, PluginContext, PluginDefinition } from './define-plugin.js';
import { PLUGIN_KINDS, type PluginKind, type PluginProducts } from './kinds.js';
import { pluginToken } from './tokens.js';

/** A registered plugin and where it came from (a package name or a path). */
export interface RegisteredPlugin {
  readonly definition: AnyPluginDefinition;
  readonly origin: string;
}

/** A spec's reference to a plugin: `{ "use": "cubic", "with": { "to": 0.9 } }`. */
export interface PluginReference {
  readonly use: string;
  readonly with?: Record<string, unknown>;
}

const NAME_PATTERN = /^[a-z][a-z0-9-]*$/;

/**
 * Every plugin a run may use, by kind and name. Registration checks a definition completely, so a broken
 * plugin is reported with its name before anything runs; `container()` then binds each under its kind's token.
 */
export class PluginRegistry {
  private readonly plugins = new Map<string, RegisteredPlugin>();
  private readonly ajv = createAjv();

  /** Registers `definitions` from `origin`; throws an input error naming the plugin on the first problem. */
  register(origin: string, ...definitions: readonly unknown[]): this {
    for (const candidate of definitions) {
      const definition = this.check(origin, candidate);
      const key = `${definition.kind}/${definition.name}`;
      const existing = this.plugins.get(key);
      if (existing) throw PLUGIN_DUPLICATE(definition.kind, definition.name, existing.origin, origin);
      this.plugins.set(key, { definition, origin });
    }
    return this;
  }

  /** The registered plugins of `kind` (all kinds when omitted), sorted by kind then name. */
  list(kind?: PluginKind): RegisteredPlugin[] {
    return [...this.plugins.values()]
      .filter((plugin) => kind === undefined || plugin.definition.kind === kind)
      .sort((a, b) => PLUGIN_KINDS.indexOf(a.definition.kind) - PLUGIN_KINDS.indexOf(b.definition.kind)
        || a.definition.name.localeCompare(b.definition.name));
  }

  names(kind: PluginKind): string[] {
    return this.list(kind).map((plugin) => plugin.definition.name);
  }

  /** The plugin of `kind` named `name`, or an input error listing the known names. */
  get<K extends PluginKind>(kind: K, name: string): PluginDefinition<K, never> {
    const found = this.plugins.get(`${kind}/${name}`);
    if (!found) throw PLUGIN_UNKNOWN(kind, name, this.names(kind));
    return found.definition as PluginDefinition<K, never>;
  }

  /** An inversify container with every plugin bound under its kind's token, named by its name. */
  container(): Container {
    const container = new Container();
    for (const { definition } of this.plugins.values()) {
      container.bind(pluginToken(definition.kind)).toConstantValue(definition as never).whenNamed(definition.name);
    }
    return container;
  }

  /**
   * Creates the product of the plugin a spec references. The options must already be valid and defaulted
   * (spec validation does both); they are frozen before the plugin sees them.
   */
  create<K extends PluginKind>(container: Container, kind: K, reference: PluginReference, context: PluginContext): PluginProducts[K] {
    if (!container.isBound(pluginToken(kind), { name: reference.use })) {
      throw PLUGIN_UNKNOWN(kind, reference.use, this.names(kind));
    }
    const definition = container.get(pluginToken(kind), { name: reference.use }) as PluginDefinition<K, unknown>;
    return definition.create(Object.freeze({ ...(reference.with ?? {}) }), context);
  }

  private check(origin: string, candidate: unknown): AnyPluginDefinition {
    const label = describeCandidate(origin, candidate);
    if (typeof candidate !== 'object' || candidate === null) throw PLUGIN_INVALID(label, 'a plugin must be an object made by definePlugin');
    const plugin = candidate as Partial<PluginDefinition>;
    if (typeof plugin.kind !== 'string' || !PLUGIN_KINDS.includes(plugin.kind as PluginKind)) {
      throw PLUGIN_INVALID(label, `kind ${JSON.stringify(plugin.kind)} is not a plugin kind — expected one of ${PLUGIN_KINDS.join(', ')}`);
    }
    if (typeof plugin.name !== 'string' || !NAME_PATTERN.test(plugin.name)) {
      throw PLUGIN_INVALID(label, `name ${JSON.stringify(plugin.name)} must be lower-case words joined by '-', e.g. "my-schedule"`);
    }
    if (typeof plugin.version !== 'string' || !semver.valid(plugin.version)) {
      throw PLUGIN_INVALID(label, `version ${JSON.stringify(plugin.version)} is not a semantic version such as "1.0.0"`);
    }
    if (typeof plugin.core !== 'string' || !semver.validRange(plugin.core)) {
      throw PLUGIN_INVALID(label, `core ${JSON.stringify(plugin.core)} is not a semver range such as "^0.1.0"`);
    }
    if (!semver.satisfies(CORE_VERSION, plugin.core)) throw PLUGIN_INCOMPATIBLE(label, plugin.core, CORE_VERSION);
    for (const field of ['source', 'description'] as const) {
      if (typeof plugin[field] !== 'string' || plugin[field].length === 0) throw PLUGIN_INVALID(label, `${field} must be a non-empty string`);
    }
    if (typeof plugin.create !== 'function') throw PLUGIN_INVALID(label, 'create must be a function (options, context) => product');
    this.checkOptionsSchema(label, plugin.options);
    return plugin as AnyPluginDefinition;
  }

  private checkOptionsSchema(label: string, schema: unknown): void {
    if (typeof schema !== 'object' || schema === null) throw PLUGIN_INVALID(label, 'options must be a JSON Schema object');
    const options = schema as JsonSchema;
    if (options.type !== 'object' || options.additionalProperties !== false) {
      throw PLUGIN_INVALID(label, 'options must have type "object" and additionalProperties false, so misspelled options are caught');
    }
    const properties = (options.properties ?? {}) as Record<string, JsonSchema>;
    for (const [property, propertySchema] of Object.entries(properties)) {
      if (typeof propertySchema?.description !== 'string') {
        throw PLUGIN_INVALID(label, `option "${property}" has no description — every option needs one for \`ontogeny plugins\``);
      }
    }
    try {
      this.ajv.compile(options);
    } catch (error) {
      throw PLUGIN_INVALID(label, `its options schema does not compile: ${(error as Error).message}`);
    }
  }
}

function describeCandidate(origin: string, candidate: unknown): string {
  const named = candidate as { kind?: unknown; name?: unknown } | null;
  const name = typeof named?.name === 'string' ? named.name : '(unnamed)';
  const kind = typeof named?.kind === 'string' ? named.kind : '?';
  return `${kind}/${name} from ${origin}`;
}
