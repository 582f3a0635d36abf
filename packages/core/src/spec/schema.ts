// The spec's JSON Schema (draft 2020-12), composed from the phase kinds and every registered plugin's options.
import type { PhaseKind } from '../lifespan/phase-kind.js';
import { MAX_NAME_LENGTH, MAX_STEPS } from './limits.js';
import type { JsonSchema } from '../plugin/define-plugin.js';
import type { SchemaFor } from './ajv.js';
import { PLUGIN_KINDS, type PluginKind } from '../plugin/kinds.js';
import type { PluginRefJsonSchema } from '../plugin/options-type.js';
import type { PluginRegistry } from '../plugin/registry.js';
import { BIRTH, type LifespanSpec } from './spec.js';

export const SPEC_SCHEMA_ID = 'urn:ontogeny:lifespan-spec:0.1';
const NAME = '^[A-Za-z0-9][A-Za-z0-9_.-]*$';


/** `#/$defs/plugin-schedule`: a `{ use, with }` reference to a plugin of that kind. */
export function pluginRef<K extends PluginKind>(kind: K): PluginRefJsonSchema<K> {
  return { $ref: `#/$defs/plugin-${kind}` };
}

/** Properties every phase has, whatever its kind. */
function commonPhaseProperties(kinds: readonly PhaseKind[]): Record<string, JsonSchema> {
  const disorders: JsonSchema = { type: 'array', items: pluginRef('disorder'), description: 'Disorders applied at this point, in order.' };
  return {
    name: { type: 'string', pattern: NAME, maxLength: MAX_NAME_LENGTH, description: 'Unique name of the phase; later phases may start `from` it.' },
    kind: { enum: kinds.map((kind) => kind.kind), description: 'What the phase does.' },
    from: { type: 'string', pattern: `(${NAME})|(^${BIRTH}$)`, description: `Start from the state at the end of this earlier phase (the previous phase by default), or "${BIRTH}" for the network as initialised.` },
    task: { type: 'string', pattern: NAME, maxLength: MAX_NAME_LENGTH, description: "The task, by its key in `tasks` (the previous phase's by default)." },
    before: { ...disorders, description: 'Disorders applied before the phase starts.' },
    after: { ...disorders, description: 'Disorders applied after the phase ends (before its evaluation).' },
    during: {
      type: 'object', additionalProperties: false, required: ['every', 'disorders'],
      description: 'Disorders applied every N steps while the phase trains.',
      properties: { every: { type: 'integer', minimum: 1, maximum: MAX_STEPS, description: 'Steps between applications.' }, disorders },
    },
  };
}

function pluginDefinitions(registry: PluginRegistry): Record<string, JsonSchema> {
  const defs: Record<string, JsonSchema> = {};
  for (const kind of PLUGIN_KINDS) {
    const plugins = registry.list(kind);
    for (const { definition } of plugins) defs[`options-${kind}-${definition.name}`] = definition.options;
    const properties: Record<string, JsonSchema> = {
      use: plugins.length > 0
        ? { enum: plugins.map((plugin) => plugin.definition.name), description: `The ${kind} plugin.` }
        : { type: 'string', not: {}, description: `No ${kind} plugin is registered.` },
      with: { type: 'object', default: {}, description: "The plugin's options (see `ontogeny plugins`)." },
    };
    if (kind === 'disorder') {
      properties.layers = { type: 'array', items: { type: 'string' }, minItems: 1, description: 'Masked layers to perturb (all of the body by default).' };
    }
    const branches = plugins.map(({ definition }) => ({
      if: { properties: { use: { const: definition.name } }, required: ['use'] },
      then: { properties: { with: { $ref: `#/$defs/options-${kind}-${definition.name}`, default: {} } } },
    }));
    defs[`plugin-${kind}`] = {
      type: 'object', additionalProperties: false, required: ['use'], properties,
      ...(branches.length > 0 ? { allOf: branches } : {}),
    };
  }
  return defs;
}

/** The full schema of a lifespan spec for the given plugins (kernels among them) and phase kinds. */
export function buildSpecSchema(registry: PluginRegistry, kinds: readonly PhaseKind[]): SchemaFor<LifespanSpec> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: SPEC_SCHEMA_ID,
    title: 'Ontogeny lifespan spec',
    type: 'object',
    additionalProperties: false,
    required: ['name', 'model', 'tasks', 'phases'],
    properties: {
      $schema: { type: 'string', description: 'The schema this file follows (for editors).' },
      name: { type: 'string', pattern: NAME, maxLength: MAX_NAME_LENGTH, description: 'The run name; the run directory is <name>-<hash>.' },
      description: { type: 'string', description: 'What the experiment shows, for people.' },
      seed: { type: 'integer', minimum: 0, default: 0, description: 'Seed of every random stream of the run.' },
      kernel: {
        default: 'auto',
        description: 'The kernel plugin: "auto" (the available one of highest priority), a name, or {"use": name, "with": options}.',
        if: { type: 'string' },
        then: { enum: ['auto', ...registry.names('kernel')] },
        else: pluginRef('kernel'),
      },
      logEvery: { type: 'integer', minimum: 1, default: 10, description: 'Emit a step event every this many steps.' },
      checkpointEvery: {
        type: 'integer', minimum: 1,
        description: 'Training steps between progress checkpoints inside a phase (default: about every 30 s of work). Results do not depend on it, nor does the run name.',
      },
      evaluationBatch: { type: 'integer', minimum: 1, default: 1000, description: 'Examples per evaluation batch (memory only).' },
      evaluationBackend: {
        enum: ['kernel', 'onnxruntime'], default: 'kernel',
        description: "What computes each phase's final evaluation: the run's kernel, or ONNX Runtime on the exported model (faster for dense layers; bench/onnx-eval.ts).",
      },
      reporters: { type: 'array', items: pluginRef('reporter'), description: 'Reporters that watch the run (e.g. electrodes), in order.' },
      model: pluginRef('model'),
      tasks: {
        type: 'object', minProperties: 1, propertyNames: { pattern: NAME, maxLength: MAX_NAME_LENGTH },
        additionalProperties: pluginRef('task'),
        description: 'The tasks, by the name phases use for them.',
      },
      phases: { type: 'array', minItems: 1, items: { $ref: '#/$defs/phase' }, description: 'The lifespan, in order.' },
      pretrained: {
        type: 'object', additionalProperties: false, required: ['onnx'],
        description: 'Start from pre-trained weights in an ONNX file instead of the initialisation (docs/onnx.md).',
        properties: {
          onnx: { type: 'string', minLength: 1, description: 'Path of the .onnx file, relative to the spec file.' },
          head: { type: 'string', pattern: NAME, description: "The task whose head receives the file's classifier (the first phase's task by default)." },
        },
      },
    },
    $defs: {
      ...pluginDefinitions(registry),
      phase: {
        type: 'object',
        required: ['name', 'kind'],
        properties: commonPhaseProperties(kinds),
        allOf: kinds.map((kind) => {
          const own = kind.schema(pluginRef);
          return {
            if: { properties: { kind: { const: kind.kind } }, required: ['kind'] },
            then: { properties: own.properties, required: own.required },
          };
        }),
        unevaluatedProperties: false,
      },
    },
  };
}

/** The names of the properties a phase of `kind` may have (for messages about unknown ones). */
export function phasePropertyNames(kinds: readonly PhaseKind[], kind: string): string[] {
  const own = kinds.find((candidate) => candidate.kind === kind)?.schema(pluginRef).properties ?? {};
  return [...Object.keys(commonPhaseProperties(kinds)), ...Object.keys(own)];
}
