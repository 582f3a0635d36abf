// Spec validation: the composed schema through ajv (filling defaults), then cross-references, with readable errors.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { PLUGIN_UNKNOWN, SPEC_INVALID } from '../errors.js';
import type { PhaseKind } from '../lifespan/phase-kind.js';
import type { JsonSchema } from '../plugin/define-plugin.js';
import { createAjv, type SchemaFor } from './ajv.js';
import { didYouMean } from './did-you-mean.js';
import { phasePropertyNames } from './schema.js';
import { BIRTH, type LifespanSpec } from './spec.js';

/**
 * Validates a parsed spec and returns a defaulted deep copy. Throws SPEC_INVALID listing every problem as
 * "at <JSON path>: <what> — expected <…>, found <…>" (with "did you mean" for a near miss), or PLUGIN_UNKNOWN
 * when a plugin the spec uses is not registered.
 */
export function validateSpec(raw: unknown, file: string, schema: SchemaFor<LifespanSpec>, kinds: readonly PhaseKind[]): LifespanSpec {
  const spec = structuredClone(raw);
  assertMatches(spec, schema, kinds, (lines, errors) => {
    const indented = lines.map((line) => `  ${line}`);
    const unknownPlugin = errors.find((error) => unknownPluginKind(error) !== null);
    if (!unknownPlugin) return SPEC_INVALID(file, indented.join('\n'));
    const known = ((unknownPlugin.params as { allowedValues?: unknown[] }).allowedValues ?? []).map(String);
    return PLUGIN_UNKNOWN(unknownPluginKind(unknownPlugin)!, String(unknownPlugin.data), known, `${file} at ${unknownPlugin.instancePath}`,
      indented.length > 1 ? indented.join('\n') : undefined);
  });
  const problems = crossReferences(spec, kinds);
  if (problems.length > 0) throw SPEC_INVALID(file, problems.map((line) => `  ${line}`).join('\n'));
  return spec;
}

/**
 * Validates `value` against `schema` in place (filling defaults), after which it is what the schema was built to
 * accept; otherwise throws what `refuse` makes of the problems (as `schemaProblems` words them) and ajv's errors.
 */
export function assertMatches<T>(value: unknown, schema: SchemaFor<T>, kinds: readonly PhaseKind[],
  refuse: (lines: readonly string[], errors: readonly ErrorObject[]) => Error): asserts value is T {
  const errors = schemaErrors(value, schema, kinds);
  if (errors.length > 0) throw refuse(describeAll(errors, value, kinds), errors);
}

/** Compiling the composed schema takes a good part of a second: a study checks every expanded spec against one. */
const compiled = new WeakMap<JsonSchema, ValidateFunction>();

/**
 * Validates `value` against `schema` in place (filling defaults) and returns every problem as
 * "at <JSON path>: <what> — expected <…>, found <…>"; empty when it matches. Schemas that embed the lifespan
 * schema (a study's) get the same messages for the lifespan parts.
 */
export function schemaProblems(value: unknown, schema: JsonSchema, kinds: readonly PhaseKind[]): string[] {
  return describeAll(schemaErrors(value, schema, kinds), value, kinds);
}

function describeAll(errors: readonly ErrorObject[], value: unknown, kinds: readonly PhaseKind[]): string[] {
  return unique(errors.map((error) => describe(error, value, kinds)));
}

/** ajv's errors for `value` (validated in place, filling defaults), without those that only echo another. */
function schemaErrors(value: unknown, schema: JsonSchema, kinds: readonly PhaseKind[]): ErrorObject[] {
  const validator = compiled.get(schema) ?? compiled.set(schema, createAjv().compile(schema)).get(schema)!;
  if (validator(value)) return [];
  return (validator.errors ?? [])
    .filter((error) => error.keyword !== 'if')
    .filter((error) => !reportedOnlyBecauseOfAnotherError(error, kinds));
}

/** The plugin kind whose `use` failed in `error` (schema.ts describes each `use` by its kind), or null. */
function unknownPluginKind(error: ErrorObject): string | null {
  if (!error.instancePath.endsWith('/use') || (error.keyword !== 'enum' && error.keyword !== 'not')) return null;
  const description = String((error.parentSchema as { description?: unknown } | undefined)?.description ?? '');
  return /^(?:The|No) ([a-z-]+) plugin/.exec(description)?.[1] ?? null;
}

function crossReferences(spec: LifespanSpec, kinds: readonly PhaseKind[]): string[] {
  const problems: string[] = [];
  const seen: string[] = [];
  const tasks = Object.keys(spec.tasks);
  let currentTask: string | undefined;
  spec.phases.forEach((phase, index) => {
    const at = `/phases/${index}`;
    if (seen.includes(phase.name)) problems.push(`at ${at}/name: phase names must be unique — found "${phase.name}" twice`);
    if (phase.from !== undefined && phase.from !== BIRTH && !seen.includes(phase.from)) {
      problems.push(`at ${at}/from: no earlier phase is named "${phase.from}" — expected "${BIRTH}" or one of ${list(seen)}${didYouMean(phase.from, [BIRTH, ...seen])}`);
    }
    if (phase.task !== undefined && !tasks.includes(phase.task)) {
      problems.push(`at ${at}/task: no task is named "${phase.task}" — expected one of ${list(tasks)}${didYouMean(phase.task, tasks)}`);
    }
    currentTask = phase.task ?? currentTask;
    if (currentTask === undefined) problems.push(`at ${at}: the first phase must name its task — expected one of ${list(tasks)}`);
    const kind = kinds.find((candidate) => candidate.kind === phase.kind);
    problems.push(...(kind?.crossCheck?.(phase, spec.phases.slice(0, index), at, tasks) ?? []));
    seen.push(phase.name);
  });
  return problems;
}

function describe(error: ErrorObject, spec: unknown, kinds: readonly PhaseKind[]): string {
  const path = error.instancePath || '/';
  const found = JSON.stringify(error.data);
  const plugin = pluginAt(spec, error.instancePath);
  const where = `at ${path}${plugin ? ` (${plugin})` : ''}`;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const property = String(params.additionalProperty ?? params.unevaluatedProperty);
      const allowed = allowedProperties(error, kinds);
      return `${where}: unknown property — expected one of ${list(allowed)}, found "${property}"${didYouMean(property, allowed)}`;
    }
    case 'required':
      return `${where}: missing property — expected "${String(params.missingProperty)}"`;
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      return `${where}: not allowed — expected one of ${list(allowed)}, found ${found}${didYouMean(String(error.data), allowed)}`;
    }
    case 'not':
      return `${where}: no plugin of this kind is registered — found ${found}`;
    case 'const':
      return `${where}: expected ${JSON.stringify(params.allowedValue)}, found ${found}`;
    case 'type':
      return `${where}: wrong type — expected ${String(params.type)}, found ${found} (${typeOf(error.data)})`;
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum':
      return `${where}: out of range — expected a number ${String(params.comparison)} ${String(params.limit)}, found ${found}`;
    case 'pattern':
      return `${where}: expected text matching ${String(params.pattern)}, found ${found}`;
    default:
      return `${where}: ${error.message ?? 'invalid'} — found ${found}`;
  }
}

/**
 * When a phase's kind-specific branch fails, its properties count as unevaluated and ajv reports them as unknown
 * too; a property the phase kind does allow is not the problem.
 */
function reportedOnlyBecauseOfAnotherError(error: ErrorObject, kinds: readonly PhaseKind[]): boolean {
  if (error.keyword !== 'unevaluatedProperties') return false;
  const property = String((error.params as { unevaluatedProperty?: unknown }).unevaluatedProperty);
  return allowedProperties(error, kinds).includes(property);
}

function allowedProperties(error: ErrorObject, kinds: readonly PhaseKind[]): string[] {
  const data = error.data as Record<string, unknown> | null;
  if (error.keyword === 'unevaluatedProperties' && data && typeof data.kind === 'string') return phasePropertyNames(kinds, data.kind);
  const parent = error.parentSchema as JsonSchema | undefined;
  return Object.keys((parent?.properties ?? {}) as Record<string, unknown>);
}

/** "schedule plugin cubic" when `path` lies inside a plugin reference's `with`. */
function pluginAt(spec: unknown, path: string): string | null {
  const parts = path.split('/').slice(1);
  const at = parts.lastIndexOf('with');
  if (at < 0) return null;
  let node: unknown = spec;
  for (const part of parts.slice(0, at)) node = (node as Record<string, unknown> | undefined)?.[part];
  const use = (node as { use?: unknown } | undefined)?.use;
  return typeof use === 'string' ? `plugin "${use}"` : null;
}

function typeOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

function list(items: readonly string[]): string {
  return items.length > 0 ? items.join(', ') : '(none)';
}

function unique(lines: string[]): string[] {
  return [...new Set(lines)];
}
