// A run's scope: a child of the registry's container holding the run's services, in which plugins are made with
// exactly the services and plugins they declared.
import type { Container, ServiceIdentifier } from 'inversify';
import { PLUGIN_DEPENDENCY, PLUGIN_UNKNOWN } from '../errors.js';
import type { Kernel } from '../kernel/contract.js';
import { Rng } from '../tensor/rng.js';
import type { DependencyFactory, PluginContext, PluginDefinition, RunServices, ServiceName } from './define-plugin.js';
import type { PluginKind, PluginProducts } from './kinds.js';
import type { PluginReference, PluginRegistry } from './registry.js';
import { pluginToken } from './tokens.js';

/** The names of every run service, in the order `ontogeny plugins` lists them. */
export const SERVICE_NAMES: readonly ServiceName[] = ['kernel', 'random'];

/** What a run provides to open its scope. */
export interface RunServiceValues {
  readonly seed: number;
  /** Absent while the run's kernel itself is being made. */
  readonly kernel?: Kernel;
}

const SEED: ServiceIdentifier<number> = Symbol.for('ontogeny.service.seed');
const serviceTokens: { readonly [S in ServiceName]: ServiceIdentifier<RunServices[S]> } = {
  kernel: Symbol.for('ontogeny.service.kernel'),
  random: Symbol.for('ontogeny.service.random'),
};

/** The per-plugin random stream: seeded by the run's seed and the plugin's kind and name. */
type RandomFor = (kind: PluginKind, name: string) => RunServices['random'];
const RANDOM_FOR: ServiceIdentifier<RandomFor> = Symbol.for('ontogeny.service.random-for');

/**
 * Makes plugins for one run. The scope's container binds the run's seed and kernel as constants; a plugin's
 * context is resolved from it, so each plugin receives its declared services and nothing else.
 */
export class RunScope {
  constructor(private readonly registry: PluginRegistry, private readonly container: Container, services: RunServiceValues) {
    container.bind(SEED).toConstantValue(services.seed);
    if (services.kernel) container.bind(serviceTokens.kernel).toConstantValue(services.kernel);
    container.bind(RANDOM_FOR).toDynamicValue((context) => {
      const seed = context.get(SEED);
      return (kind, name) => (...parts) => Rng.derive(seed, 'plugin', kind, name, ...parts);
    }).inSingletonScope();
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
      if (service === 'random') context.random = this.container.get(RANDOM_FOR)(definition.kind, definition.name);
      else if (!this.container.isBound(serviceTokens[service])) throw PLUGIN_DEPENDENCY(label, service, 'is not provided where this plugin is made (no kernel exists yet)');
      else context[service] = this.container.get(serviceTokens[service]);
    }
    return context as PluginContext<ServiceName>;
  }
}
