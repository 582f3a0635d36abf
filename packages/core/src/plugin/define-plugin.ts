// A plugin's declaration: kind, name, version, the core range it supports, its source, a JSON Schema of its options,
// and what it needs from the run (services, other plugins), which the run's container injects.
import type { Observable } from 'rxjs';
import type { Kernel } from '../kernel/contract.js';
import type { LifespanEvent } from '../lifespan/events.js';
import type { Rng } from '../tensor/rng.js';
import type { PluginKind, PluginProducts } from './kinds.js';
import type { OptionsOf, TypedJsonSchema } from './options-type.js';

/** A JSON Schema (draft 2020-12) object; kept loose because plugins write their own. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/**
 * The services of a run a plugin may ask for by name in `inject`. Each run has its own (two runs in one process
 * never share a kernel's packed layouts or a random stream).
 */
export interface RunServices {
  /** The run's kernel: the ops a plugin's per-step work runs on (optimiser updates, mask bits). */
  readonly kernel: Kernel;
  /**
   * A random stream derived from (run seed, 'plugin', kind, name, …parts), so a plugin's randomness depends on
   * neither the order plugins are made in nor any other plugin's draws.
   */
  random(...parts: Array<string | number>): Rng;
  /**
   * A note for the person running the lifespan (the CLI prints it on stderr as `note: <kind> "<name>": …`); not
   * part of the results, so it must not carry what a result needs.
   */
  log(message: string): void;
  /** The run's event stream: what reporters watch, and where a plugin adds events of its own. */
  readonly events: RunEvents;
}

/** The event stream of one run, as a plugin that injects 'events' receives it. */
export interface RunEvents {
  /**
   * The run's events as they happen, completing with the run (a failed run's last is its `error` event).
   * Subscribing in `create` is safe: a plugin made before the run only to check its options is given a stream of its
   * own that never emits.
   */
  readonly stream: Observable<LifespanEvent>;
  /**
   * Adds an event to the run's stream, after those emitted so far: into events.jsonl and to every subscriber,
   * counted with the run's own for checkpoints and resume. Only while the run runs (not in `create`).
   */
  emit(event: LifespanEvent): void;
}

/** The name of a run service a plugin can ask for. */
export type ServiceName = keyof RunServices;

/** Makes the product of a plugin named in `dependencies`, in the same run, with options (defaulted by its schema). */
export type DependencyFactory = <K extends PluginKind>(kind: K, name: string, options?: Record<string, unknown>) => PluginProducts[K];

/** What a plugin's `create` is given besides its options: the run's seed and the services it declared in `inject`. */
export type PluginContext<S extends ServiceName = never> = {
  /** The run's seed. */
  readonly seed: number;
  /** Makes a plugin this one lists in `dependencies` (e.g. `'optimizer/sgd'`); any other is refused. */
  readonly plugin: DependencyFactory;
} & Pick<RunServices, S>;

/** What a kernel plugin adds to a definition: the priority `auto` orders by, and whether it can run here. */
export interface KernelTraits {
  /** Higher is preferred by `"kernel": "auto"`. */
  readonly priority: number;
  /** null when the kernel can run on this machine, else a sentence saying why not and what to do. */
  available(): string | null;
}

/** Fields some kinds add to their definitions. */
interface KindTraits { kernel: KernelTraits }

type TraitsOf<K extends PluginKind> = K extends keyof KindTraits ? KindTraits[K] : unknown;

/**
 * A plugin, as fastify's: metadata up front, options described by a JSON Schema (every property with a
 * description, and a default where one makes sense), validated and defaulted before `create` sees them, and
 * its needs declared (`inject`, `dependencies`) so that the run's container hands them over.
 */
export type PluginDefinition<K extends PluginKind = PluginKind, O = Record<string, unknown>, S extends ServiceName = never, Schema extends JsonSchema = JsonSchema> = {
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
  readonly options: Schema;
  /** The run services `create` receives in its context (kernel plugins cannot ask for the kernel). */
  readonly inject?: readonly S[];
  /** Other plugins this one makes, as `kind/name`; each must be registered with it or before it. */
  readonly dependencies?: readonly string[];
  create(options: O, context: PluginContext<S>): PluginProducts[K];
} & TraitsOf<K>;

/** A definition with its options' and services' types erased, as the registry stores it. */
export type AnyPluginDefinition = {
  [K in PluginKind]: PluginDefinition<K, never, ServiceName>;
}[PluginKind];

/**
 * Declares a plugin. The identity function, there for the types: `create` receives the options as their schema
 * describes them once validated and defaulted (`OptionsOf`), so the schema is the one declaration of their type;
 * `inject` decides which services `create`'s context carries.
 *
 * @example
 * export default definePlugin({
 *   kind: 'optimizer', name: 'plain-sgd', version: '1.0.0', core: '^0.1.0',
 *   source: 'Robbins & Monro 1951', description: 'w ← w − lr·g on the run kernel.',
 *   options: { type: 'object', additionalProperties: false,
 *     properties: { lr: { type: 'number', exclusiveMinimum: 0, default: 0.1, description: 'Learning rate.' } } },
 *   inject: ['kernel'],
 *   create: (options, { kernel }) => new PlainSgd(options.lr, kernel),
 * });
 */
export function definePlugin<K extends PluginKind, const Schema extends TypedJsonSchema, S extends ServiceName = never>(
  definition: PluginDefinition<K, NoInfer<OptionsOf<Schema>>, S, Schema>,
): PluginDefinition<K, OptionsOf<Schema>, S, Schema> {
  return definition;
}
