// A plugin's declaration: kind, name, version, the core range it supports, its source, and a JSON Schema of its options.
import type { Kernel } from '../kernel/contract.js';
import type { PluginKind, PluginProducts } from './kinds.js';
import type { OptionsOf, TypedJsonSchema } from './options-type.js';

/** A JSON Schema (draft 2020-12) object; kept loose because plugins write their own. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** What a plugin's `create` is given besides its options. */
export interface PluginContext {
  /** The run's seed; random streams derive from it. */
  readonly seed: number;
  /**
   * The run's kernel, for plugins whose per-step work it can do (optimisers' updates, mask learners' bits);
   * absent when a plugin is created outside a run. `elementwiseOps(context.kernel)` covers both cases.
   */
  readonly kernel?: Kernel;
}

/**
 * A plugin, as fastify's: metadata up front, options described by a JSON Schema (every property with a
 * description, and a default where one makes sense), validated and defaulted before `create` sees them.
 */
export interface PluginDefinition<K extends PluginKind = PluginKind, O = Record<string, unknown>, S extends JsonSchema = JsonSchema> {
  readonly kind: K;
  readonly name: string;
  readonly version: string;
  /** The semver range of @ontogeny/core this plugin is written for, e.g. '^0.1.0'. */
  readonly core: string;
  /** The paper or code the plugin implements, cited in `ontogeny plugins`. */
  readonly source: string;
  /** One sentence: what the plugin does. */
  readonly description: string;
  /** JSON Schema of `with`: `type: 'object'`, `additionalProperties: false`, described properties. */
  readonly options: S;
  create(options: O, context: PluginContext): PluginProducts[K];
}

/** A definition with its options' type erased, as the registry stores it. */
export type AnyPluginDefinition = {
  [K in PluginKind]: PluginDefinition<K, never>;
}[PluginKind];

/**
 * Declares a plugin. The identity function, there for the types: `create` receives the options as their schema
 * describes them once validated and defaulted (`OptionsOf`), so the schema is the one declaration of their type.
 *
 * @example
 * export default definePlugin({
 *   kind: 'schedule', name: 'constant', version: '1.0.0', core: '^0.1.0',
 *   source: 'a fixed sparsity', description: 'Prunes to one sparsity at the first step.',
 *   options: { type: 'object', additionalProperties: false,
 *     properties: { to: { type: 'number', minimum: 0, maximum: 1, description: 'Sparsity.' } }, required: ['to'] },
 *   create: (options) => ({ sparsityAt: () => options.to, events: () => [0] }),
 * });
 */
export function definePlugin<K extends PluginKind, const S extends TypedJsonSchema>(
  definition: PluginDefinition<K, NoInfer<OptionsOf<S>>, S>,
): PluginDefinition<K, OptionsOf<S>, S> {
  return definition;
}
