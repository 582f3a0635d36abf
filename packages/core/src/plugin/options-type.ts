// The TypeScript type of options, derived from their JSON Schema so the two cannot drift.
import type { PluginKind } from './kinds.js';
import type { PluginReference } from './registry.js';

/** `#/$defs/plugin-<kind>`: where the spec's schema defines a `{ use, with }` reference to a plugin of `kind`. */
export type PluginRefJsonSchema<K extends PluginKind = PluginKind> = {
  readonly $ref: `#/$defs/plugin-${K}`;
};

/** A JSON Schema whose literal type is known (written inline, or `as const`), so the options' type follows from it. */
export type TypedJsonSchema = { readonly [keyword: string]: unknown };

type Flatten<T> = { [K in keyof T]: T[K] } & {};

/** The JSON type names and the values they admit. */
interface JsonTypes {
  string: string;
  number: number;
  integer: number;
  boolean: boolean;
  null: null;
  object: Readonly<Record<string, unknown>>;
  array: readonly unknown[];
}

/**
 * The value `S` admits once validated and defaulted, for the keywords option schemas use (type, enum, const,
 * properties and required, items, oneOf/anyOf, plugin references). A property with a `default` is always present, as
 * ajv fills it in. Written for the project's schemas rather than taken from json-schema-to-ts, whose `FromSchema`
 * made the type check of the phase kinds take minutes and exceed the compiler's instantiation depth.
 */
export type OptionsOf<S> =
  S extends PluginRefJsonSchema ? PluginReference
    : S extends { readonly enum: readonly (infer E)[] } ? E
      : S extends { readonly const: infer C } ? C
        : S extends { readonly oneOf: readonly (infer M)[] } ? OptionsOf<M>
          : S extends { readonly anyOf: readonly (infer M)[] } ? OptionsOf<M>
            : S extends { readonly properties: infer P } ? SpecPartOf<P, S extends { readonly required: infer R extends readonly string[] } ? R : []>
              : S extends { readonly type: 'array'; readonly items: infer I } ? ReadonlyArray<OptionsOf<I>>
                : S extends { readonly type: infer T extends keyof JsonTypes } ? JsonTypes[T]
                  : S extends { readonly type: readonly (infer T extends keyof JsonTypes)[] } ? JsonTypes[T]
                    : unknown;

/** Whether property schema `S` always has a value after validation: required, or filled in from its default. */
type AlwaysPresent<S, Name, Required extends readonly string[]> = Name extends Required[number] ? true : S extends { readonly default: unknown } ? true : false;

/**
 * An object with `properties` (some of them references to plugins, `PluginRefJsonSchema`) of which `required` are
 * required, as validation leaves it: the options of a plugin, or of a part of the spec such as a phase.
 */
export type SpecPartOf<P, Required extends readonly string[]> = Flatten<
  { readonly [K in keyof P as AlwaysPresent<P[K], K, Required> extends true ? K : never]: OptionsOf<P[K]> }
  & { readonly [K in keyof P as AlwaysPresent<P[K], K, Required> extends true ? never : K]?: OptionsOf<P[K]> }
>;
