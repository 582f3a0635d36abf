// The plugin registry: checks each definition once (name, kind, version range, options schema, what it needs), binds
// it in an inversify container, and opens per-run scopes in which plugins receive the services they declared.
import { Container, type ServiceIdentifier } from 'inversify';
import semver from 'semver';
import {
  PLUGIN_DEPENDENCY, PLUGIN_DUPLICATE, PLUGIN_INCOMPATIBLE, PLUGIN_INVALID, PLUGIN_UNKNOWN,
} from '../errors.js';
import { KERNEL_OPS } from '../kernel/contract.js';
import { nativeKernelPlugin } from '../kernel/native/native-plugin.js';
import { referenceKernelPlugin } from '../kernel/reference/reference-plugin.js';
import { createAjv } from '../spec/ajv.js';
import { CORE_VERSION } from '../version.js';
import type { AnyPluginDefinition, JsonSchema, PluginDefinition, ServiceName } from './define-plugin.js';
import { PLUGIN_KINDS, type PluginKind } from './kinds.js';
import { RunScope, SERVICE_NAMES, type RunServiceValues } from './run-scope.js';
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
const DEPENDENCY_PATTERN = /^([a-z-]+)\/([a-z][a-z0-9-]*)$/;

/** Every registered plugin, unnamed, so `getAll` lists them in registration order. */
const CATALOGUE: ServiceIdentifier<RegisteredPlugin> = Symbol.for('ontogeny.plugin-catalogue');

/** The kernels @ontogeny/core carries; every registry starts with them. */
const CORE_KERNELS = [nativeKernelPlugin, referenceKernelPlugin];

/**
 * Every plugin a run may use, by kind and name, held in one inversify container: each definition is bound under its
 * kind's token, named by its name. Registration checks a definition completely (a kernel's ops, the plugins it
 * depends on), so a broken plugin is reported with its name before anything runs; `scope()` opens a run's child
 * container holding that run's services.
 */
export class PluginRegistry {
  private readonly root = new Container();
  private readonly ajv = createAjv();

  constructor() {
    this.register('@ontogeny/core', ...CORE_KERNELS);
  }

  /**
   * Registers `definitions` from `origin`; throws an input error naming the plugin on the first problem. A plugin's
   * dependencies must be among `definitions` or registered before.
   */
  register(origin: string, ...definitions: readonly unknown[]): this {
    const added: RegisteredPlugin[] = [];
    for (const candidate of definitions) {
      const definition = this.check(origin, candidate);
      const existing = this.find(definition.kind, definition.name, added);
      if (existing) throw PLUGIN_DUPLICATE(definition.kind, definition.name, existing.origin, origin);
      added.push({ definition, origin });
    }
    // Checked before anything is bound, so a refused batch leaves the registry as it was
    for (const { definition } of added) this.checkDependencies(definition, [`${definition.kind}/${definition.name}`], added);
    for (const plugin of added) {
      this.root.bind(pluginToken(plugin.definition.kind)).toConstantValue(plugin.definition as never).whenNamed(plugin.definition.name);
      this.root.bind(CATALOGUE).toConstantValue(plugin);
    }
    return this;
  }

  /** The registered plugins of `kind` (all kinds when omitted), sorted by kind then name. */
  list(kind?: PluginKind): RegisteredPlugin[] {
    return this.root.getAll(CATALOGUE)
      .filter((plugin) => kind === undefined || plugin.definition.kind === kind)
      .sort((a, b) => PLUGIN_KINDS.indexOf(a.definition.kind) - PLUGIN_KINDS.indexOf(b.definition.kind)
        || a.definition.name.localeCompare(b.definition.name));
  }

  names(kind: PluginKind): string[] {
    return this.list(kind).map((plugin) => plugin.definition.name);
  }

  /** The plugin of `kind` named `name`, or an input error listing the known names. */
  get<K extends PluginKind>(kind: K, name: string): PluginDefinition<K, never, ServiceName> {
    if (!this.root.isBound(pluginToken(kind), { name })) throw PLUGIN_UNKNOWN(kind, name, this.names(kind));
    return this.root.get(pluginToken(kind), { name }) as PluginDefinition<K, never, ServiceName>;
  }

  /** `options` checked against the schema of the plugin of `kind` named `name` and defaulted, or an input error naming both. */
  defaulted(kind: PluginKind, name: string, options: Record<string, unknown> = {}): Record<string, unknown> {
    const definition = this.get(kind, name);
    const validate = this.ajv.compile(definition.options);
    const copy = structuredClone(options);
    if (!validate(copy)) {
      const problems = (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`).join('; ');
      throw PLUGIN_INVALID(`${kind}/${name}`, `options ${JSON.stringify(options)} do not match its schema: ${problems}`);
    }
    return copy;
  }

  /**
   * A run's scope: a child container binding `services` (the run's kernel, seed and random streams), in which
   * plugins are made with what they declared. Each run opens its own, so runs in one process share no state.
   */
  scope(services: RunServiceValues): RunScope {
    return new RunScope(this, new Container({ parent: this.root }), services);
  }

  /** The plugin registered (or among `pending`) of `kind` named `name`. */
  private find(kind: PluginKind, name: string, pending: readonly RegisteredPlugin[] = []): RegisteredPlugin | undefined {
    return [...this.root.getAll(CATALOGUE), ...pending].find((plugin) => plugin.definition.kind === kind && plugin.definition.name === name);
  }

  /** Each dependency of `definition` (transitively, along `path`) is registered or pending and leads back to none on the path. */
  private checkDependencies(definition: AnyPluginDefinition, path: readonly string[], pending: readonly RegisteredPlugin[]): void {
    const label = `${definition.kind}/${definition.name}`;
    for (const dependency of definition.dependencies ?? []) {
      const match = DEPENDENCY_PATTERN.exec(dependency);
      const found = match && PLUGIN_KINDS.includes(match[1] as PluginKind) ? this.find(match[1] as PluginKind, match[2], pending) : undefined;
      if (!found) throw PLUGIN_DEPENDENCY(label, dependency, 'is not registered — register it before (or with) the plugin that needs it');
      if (path.includes(dependency)) throw PLUGIN_DEPENDENCY(label, dependency, `closes a cycle: ${[...path, dependency].join(' → ')}`);
      this.checkDependencies(found.definition, [...path, dependency], pending);
    }
  }

  private check(origin: string, candidate: unknown): AnyPluginDefinition {
    const label = describeCandidate(origin, candidate);
    if (typeof candidate !== 'object' || candidate === null) throw PLUGIN_INVALID(label, 'a plugin must be an object made by definePlugin');
    const plugin = candidate as Partial<PluginDefinition<PluginKind, unknown, ServiceName>>;
    if (typeof plugin.kind !== 'string' || !PLUGIN_KINDS.includes(plugin.kind)) {
      throw PLUGIN_INVALID(label, `kind ${JSON.stringify(plugin.kind)} is not a plugin kind — expected one of ${PLUGIN_KINDS.join(', ')}`);
    }
    if (typeof plugin.name !== 'string' || !NAME_PATTERN.test(plugin.name) || (plugin.kind === 'kernel' && plugin.name === 'auto')) {
      throw PLUGIN_INVALID(label, `name ${JSON.stringify(plugin.name)} must be lower-case words joined by '-', e.g. "my-schedule" (and a kernel may not be named "auto")`);
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
    this.checkNeeds(label, plugin);
    if (plugin.kind === 'kernel') this.checkKernel(label, plugin as Partial<PluginDefinition<'kernel', unknown, never>>);
    return plugin as AnyPluginDefinition;
  }

  private checkNeeds(label: string, plugin: Partial<PluginDefinition<PluginKind, unknown, ServiceName>>): void {
    const inject: readonly unknown[] = plugin.inject ?? [];
    const dependencies: readonly unknown[] = plugin.dependencies ?? [];
    if (!Array.isArray(inject)) throw PLUGIN_INVALID(label, `inject must be an array of service names (${SERVICE_NAMES.join(', ')})`);
    for (const service of inject) {
      if (!SERVICE_NAMES.includes(service as ServiceName)) {
        throw PLUGIN_INVALID(label, `inject names ${JSON.stringify(service)}, which is not a run service — expected one of ${SERVICE_NAMES.join(', ')}`);
      }
    }
    if (plugin.kind === 'kernel' && inject.includes('kernel')) throw PLUGIN_INVALID(label, 'a kernel plugin cannot inject the kernel: it is the kernel');
    if (plugin.kind === 'kernel' && inject.includes('events')) throw PLUGIN_INVALID(label, "a kernel plugin cannot inject the run's events: it is made before them");
    if (!Array.isArray(dependencies)) throw PLUGIN_INVALID(label, 'dependencies must be an array of "kind/name" strings');
    for (const dependency of dependencies) {
      if (typeof dependency !== 'string' || !DEPENDENCY_PATTERN.test(dependency)) {
        throw PLUGIN_INVALID(label, `dependency ${JSON.stringify(dependency)} must be "kind/name", e.g. "optimizer/sgd"`);
      }
    }
  }

  /** A kernel plugin states its priority and availability; where available, its kernel must have every op of the contract. */
  private checkKernel(label: string, plugin: Partial<PluginDefinition<'kernel', unknown, never>>): void {
    if (typeof plugin.priority !== 'number' || !Number.isFinite(plugin.priority)) throw PLUGIN_INVALID(label, 'a kernel plugin needs a numeric priority (higher is preferred by "auto")');
    if (typeof plugin.available !== 'function') throw PLUGIN_INVALID(label, 'a kernel plugin needs available(): null when it can run here, else why not');
    if (plugin.available() !== null) return;
    const validate = this.ajv.compile(plugin.options as JsonSchema);
    const options = {};
    validate(options);
    const kernel = plugin.create!(options as never, { seed: 0, plugin: () => { throw PLUGIN_INVALID(label, 'a kernel has no plugin dependencies'); } });
    const missing = KERNEL_OPS.filter((op) => typeof (kernel as unknown as Record<string, unknown>)[op] !== 'function');
    if (missing.length > 0) {
      throw PLUGIN_INVALID(label, `its kernel lacks the op${missing.length > 1 ? 's' : ''} ${missing.join(', ')} — every op of the Kernel contract is required (packages/core/src/kernel/contract.ts)`);
    }
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
