// A run's scope: a child of the registry's container holding the run's services, in which plugins are made with
// exactly the services and plugins they declared.
import type { Container, ServiceIdentifier } from 'inversify';
import { PLUGIN_DEPENDENCY, PLUGIN_UNKNOWN } from '../errors.js';
import type { Kernel } from '../kernel/contract.js';
import { Rng } from '../tensor/rng.js';
import type { DependencyFactory, PluginContext, PluginDefinition, RunEvents, RunServices, ServiceName } from './define-plugin.js';
import type { PluginKind, PluginProducts } from './kinds.js';
import type { PluginReference, PluginRegistry } from './registry.js';
import { pluginToken } from './tokens.js';

/** The names of every run service, in the order `ontogeny plugins` lists them. */
export const SERVICE_NAMES: readonly ServiceName[] = ['kernel', 'random', 'log', 'events'];

/** What a run provides to open its scope. */
export interface RunServiceValues {
  readonly seed: number;
  /** Absent while the run's kernel itself is being made. */
  readonly kernel?: Kernel;
  /** The run's event stream; absent, like the kernel, while the kernel is being made. */
  readonly events?: RunEvents;
  /** Where plugins' notes go (already prefixed with the plugin); stderr, as `note: …`, by default. */
  readonly log?: (note: string) => void;
}

const SEED: ServiceIdentifier<number> = Symbol.for('ontogeny.service.seed');

/** A service one instance of which every plugin of the run shares: its kernel, its events. */
type RunWide = 'kernel' | 'events';
const runWideTokens: { readonly [S in RunWide]: ServiceIdentifier<RunServices[S]> } = {
  kernel: Symbol.for('ontogeny.service.kernel'),
  events: Symbol.for('ontogeny.service.events'),
};

/** A service made for one plugin from its kind and name: its random stream, its log. */
type PerPlugin<S extends 'random' | 'log'> = (kind: PluginKind, name: string) => RunServices[S];
const perPluginTokens: { readonly [S in 'random' | 'log']: ServiceIdentifier<PerPlugin<S>> } = {
  random: Symbol.for('ontogeny.service.random-for'),
  log: Symbol.for('ontogeny.service.log-for'),
};

const toStderr = (note: string): void => {
  process.stderr.write(`note: ${note}\n`);
};

/**
 * Makes plugins for one run. The scope's container binds the run's seed, kernel and events as constants; a plugin's
 * context is resolved from it, so each plugin receives its declared services and nothing else.
 */
export class RunScope {
  constructor(private readonly registry: PluginRegistry, private readonly container: Container, services: RunServiceValues) {
    container.bind(SEED).toConstantValue(services.seed);
    if (services.kernel) container.bind(runWideTokens.kernel).toConstantValue(services.kernel);
    if (services.events) container.bind(runWideTokens.events).toConstantValue(services.events);
    container.bind(perPluginTokens.random).toDynamicValue((context) => {
      const seed = context.get(SEED);
      return (kind, name) => (...parts) => Rng.derive(seed, 'plugin', kind, name, ...parts);
    }).inSingletonScope();
    const sink = services.log ?? toStderr;
    container.bind(perPluginTokens.log).toConstantValue((kind, name) => (message) => sink(`${kind} "${name}": ${message}`));
  }

  /**
   * Creates the product of the plugin a spec references. The options must already be valid and defaulted
   * (spec validation does both); they are frozen before the plugin sees them.
   */
  create<K extends PluginKind>(kind: K, reference: PluginReference): PluginProducts[K] {
    if (!this.container.isBound(pluginToken(kind), { name: reference.use })) {
      throw PLUGIN_UNKNOWN(kind, reference.use, this.registry.names(kind));
    }
    const definition = this.container.get(pluginToken(kind), { name: reference.use }) as PluginDefinition<K, unknown, ServiceName>;
    return definition.create(Object.freeze({ ...(reference.with ?? {}) }), this.contextFor(definition));
  }

  private contextFor(definition: PluginDefinition<PluginKind, unknown, ServiceName>): PluginContext<ServiceName> {
    const label = `${definition.kind}/${definition.name}`;
    const declared = definition.dependencies ?? [];
    const plugin: DependencyFactory = (kind, name, options = {}) => {
      if (!declared.includes(`${kind}/${name}`)) {
        throw PLUGIN_DEPENDENCY(label, `${kind}/${name}`, `is not among its dependencies (${declared.join(', ') || 'none'}) — add it there`);
      }
      return this.create(kind, { use: name, with: this.registry.defaulted(kind, name, options) });
    };
    const context: Record<string, unknown> = { seed: this.container.get(SEED), plugin };
    for (const service of definition.inject ?? []) {
      if (service === 'random' || service === 'log') context[service] = this.perPlugin(service, definition);
      else context[service] = this.runWide(service, label);
    }
    return context as PluginContext<ServiceName>;
  }

  /** The stream or the log made for the plugin `definition` declares. */
  private perPlugin<S extends 'random' | 'log'>(service: S, definition: PluginDefinition<PluginKind, unknown, ServiceName>): RunServices[S] {
    return this.container.get(perPluginTokens[service])(definition.kind, definition.name);
  }

  /** The run's kernel or events, which the plugin `label` asked for. */
  private runWide<S extends RunWide>(service: S, label: string): RunServices[S] {
    const token = runWideTokens[service];
    if (!this.container.isBound(token)) throw PLUGIN_DEPENDENCY(label, service, "is not provided where this plugin is made (before the run's kernel exists)");
    return this.container.get(token);
  }
}
