// Removes from a resolved spec every value still equal to its schema default, so adding an option keeps old run names.
import type { JsonSchema } from '../plugin/define-plugin.js';
import { canonicalJson } from './canonical-json.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A copy of `value` without the properties whose value equals their `default` in `schema`. */
export function withoutDefaults(value: unknown, schema: JsonSchema): unknown {
  return strip(value as Json, schema, schema);
}

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/$defs/')) return schema;
  const target = (root.$defs as Record<string, JsonSchema>)[ref.slice('#/$defs/'.length)];
  return { ...schema, ...resolve(target, root), $ref: undefined };
}

/** The property schemas that apply to `value`: its own, and those of each if/then whose `if` it matches. */
function propertySchemas(value: { [key: string]: Json }, schema: JsonSchema): Map<string, JsonSchema[]> {
  const found = new Map<string, JsonSchema[]>();
  const add = (properties: unknown) => {
    for (const [key, sub] of Object.entries((properties ?? {}) as Record<string, JsonSchema>)) {
      found.set(key, [...(found.get(key) ?? []), sub]);
    }
  };
  add(schema.properties);
  for (const branch of (schema.allOf ?? []) as JsonSchema[]) {
    if (matchesConstants(value, branch.if as JsonSchema | undefined)) add((branch.then as JsonSchema | undefined)?.properties);
  }
  return found;
}

function matchesConstants(value: { [key: string]: Json }, condition: JsonSchema | undefined): boolean {
  if (!condition) return false;
  return Object.entries((condition.properties ?? {}) as Record<string, JsonSchema>)
    .every(([key, sub]) => key in value && canonicalJson(value[key]) === canonicalJson(sub.const));
}

function strip(value: Json, rawSchema: JsonSchema, root: JsonSchema): Json {
  const schema = resolve(rawSchema, root);
  if (Array.isArray(value)) {
    const items = schema.items as JsonSchema | undefined;
    return items ? value.map((item) => strip(item, items, root)) : value;
  }
  if (value === null || typeof value !== 'object') return value;
  // A value that is a string or a plugin reference (the spec's `kernel`): the object branch applies
  if (schema.else) return strip(value, schema.else as JsonSchema, root);
  const properties = propertySchemas(value, schema);
  const additional = schema.additionalProperties;
  const out: { [key: string]: Json } = {};
  for (const [key, item] of Object.entries(value)) {
    const schemas = properties.get(key) ?? (typeof additional === 'object' ? [additional as JsonSchema] : []);
    let stripped = item;
    for (const sub of schemas) stripped = strip(stripped, sub, root);
    const isDefault = schemas.some((sub) => {
      const resolved = resolve(sub, root);
      return 'default' in resolved && canonicalJson(resolved.default) === canonicalJson(stripped);
    });
    if (!isDefault) out[key] = stripped;
  }
  return out;
}
