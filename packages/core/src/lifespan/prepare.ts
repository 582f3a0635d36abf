// Everything a run needs before its first step: the validated spec, its hash, the kernel, the loaded tasks, the model.
import { dirname, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { OntogenyError, SHAPE_MISMATCH, SPEC_INVALID } from '../errors.js';
import { chooseKernel, type KernelReference } from '../kernel/choose-kernel.js';
import type { Kernel } from '../kernel/contract.js';
import type { JsonSchema } from '../plugin/define-plugin.js';
import type { Model } from '../plugin/contracts/model.js';
import type { TaskData } from '../plugin/contracts/task.js';
import type { PluginKind, PluginProducts } from '../plugin/kinds.js';
import type { PluginReference, PluginRegistry } from '../plugin/registry.js';
import { canonicalHash } from '../spec/canonical-json.js';
import { withoutDefaults } from '../spec/defaults.js';
import { buildSpecSchema } from '../spec/schema.js';
import { phaseOption, type LifespanSpec } from '../spec/spec.js';
import { MAX_STEPS } from '../spec/limits.js';
import { pluginReferences } from './plugin-references.js';
import { validateSpec } from '../spec/validate.js';
import { Rng } from '../tensor/rng.js';
import type { PhaseKind } from './phase-kind.js';
import { findTask } from './phases/continual-tasks.js';
import { RunEventChannel } from './run-events.js';
import { PHASE_KINDS } from './phases/index.js';
import { fingerprintFiles, type DataFile } from '../io/data-fingerprint.js';
import { underPrefix } from './phases/learn-values.js';
import { layerName } from './pruning.js';

export interface PrepareOptions {
  /** The parsed spec and the file it came from (for messages). */
  readonly spec: unknown;
  readonly file: string;
  /** Every plugin the run may use, kernels among them. */
  readonly registry: PluginRegistry;
  /** Command-line overrides, part of the resolved spec (and so of its hash). */
  readonly seed?: number;
  readonly kernel?: KernelReference;
  /**
   * The executor's thread cap for a kernel with a `threads` option the spec leaves unset (a pool's worker: 1). Not
   * part of the hash: it is where the run executes (see docs/architecture.md on what thread counts change).
   */
  readonly kernelThreads?: number;
  /** Where the notes plugins `log` go (prefixed with the plugin); stderr, as `note: …`, by default. */
  readonly log?: (note: string) => void;
  /** `--data DIR`: where tasks look for their files by default. Not part of the hash (it is where, not what). */
  readonly dataDir?: string | null;
}

export interface PreparedLifespan {
  readonly spec: LifespanSpec;
  /** The data files the tasks read, by content (part of the hash). */
  readonly data: readonly DataFile[];
  /** Short hash of the canonical resolved spec without default values. */
  readonly hash: string;
  /** `<name>-<hash>`: the run directory's name. */
  readonly runName: string;
  readonly registry: PluginRegistry;
  readonly kernel: Kernel;
  /** Said once when `auto` fell back to a slower kernel. */
  readonly kernelNotice: string | null;
  readonly tasks: ReadonlyMap<string, TaskData>;
  readonly model: Model;
  readonly phaseKinds: readonly PhaseKind[];
  /** The run's event stream, which plugins that inject 'events' receive; `runLifespan` feeds it. */
  readonly events: RunEventChannel;
  /** Creates the plugin a spec references, with the run's seed and kernel (options already validated and defaulted). */
  create<K extends PluginKind>(kind: K, reference: PluginReference): PluginProducts[K];
  /** Adds the head of `task` (a task of the spec, or a stream's member `<task>/<index>`) to the model, initialised from the run's seed. */
  addHead(task: string): void;
}

/** The spec's schema for the registered plugins (what `ontogeny schema` prints). */
export function specSchema(registry: PluginRegistry) {
  return buildSpecSchema(registry, PHASE_KINDS);
}

/**
 * Validates the spec, loads every task and builds the model, so that every input error is found before
 * anything is written. Throws OntogenyErrors of category 'input'.
 */
export async function prepareLifespan(options: PrepareOptions): Promise<PreparedLifespan> {
  const raw = withOverrides(options.spec, options);
  const schema = specSchema(options.registry);
  const validated = validateSpec(raw, options.file, schema, PHASE_KINDS);
  // The run directory's spec.json must replay from anywhere: a pre-trained file is kept by its absolute path.
  const spec: LifespanSpec = validated.pretrained
    ? { ...validated, pretrained: { ...validated.pretrained, onnx: resolve(dirname(options.file), validated.pretrained.onnx) } }
    : validated;
  const { kernel, notice } = chooseKernel(options.registry, spec.kernel, { seed: spec.seed, threadCap: options.kernelThreads });
  const events = new RunEventChannel();
  const scope = options.registry.scope({ seed: spec.seed, kernel, log: options.log, events });
  const create = <K extends PluginKind>(kind: K, reference: PluginReference): PluginProducts[K] => scope.create(kind, reference);
  const tasks = new Map<string, TaskData>();
  for (const [name, reference] of Object.entries(spec.tasks)) {
    const task = create('task', reference);
    tasks.set(name, await task.load({
      dataDir: options.dataDir ?? null,
      specDir: dirname(resolve(options.file)),
      rng: (...parts) => Rng.derive(spec.seed, 'task', name, ...parts),
    }));
  }
  const firstTask = spec.phases.find((phase) => phase.task !== undefined)?.task as string;
  const input = tasks.get(firstTask)!.input;
  for (const [name, task] of tasks) {
    if (JSON.stringify(task.input) !== JSON.stringify(input)) {
      throw SHAPE_MISMATCH(`task "${name}"`, `input ${JSON.stringify(input)} (as task "${firstTask}")`, JSON.stringify(task.input));
    }
  }
  checkPhaseLengths(spec, tasks, options.file);
  const model = buildModel(spec, options.file, () => create('model', spec.model)
    .build({ input, rng: (...parts) => Rng.derive(spec.seed, 'model', ...parts) }));
  // A task's head, seeded by the task's name (for branches that go back before it, checkpoints and imports)
  const addHead = (task: string): void => {
    const data = findTask(tasks, task);
    if (!data) throw new Error(`no task named "${task}" for a head — tasks: ${[...tasks.keys()].join(', ')}`);
    model.addHead(task, data.classes, data.headKind, Rng.derive(spec.seed, 'head', task));
  };
  checkLayerNames(spec, model, options.file);
  // Plugins made only to check their options get events of their own, which never run: they must not watch this run
  const checking = options.registry.scope({ seed: spec.seed, kernel, log: options.log, events: new RunEventChannel() });
  checkPluginsAccept(spec, (kind, reference) => checking.create(kind, reference), options.file);
  if (spec.pretrained) await applyPretrained(spec, model, tasks, addHead, options.file);
  const data = fingerprintFiles([...tasks.values()].flatMap((task) => task.files ?? []));
  const hash = runHash(spec, schema, data);
  return {
    spec, data, hash, runName: `${spec.name}-${hash}`, registry: options.registry, kernel,
    kernelNotice: notice, tasks, model, phaseKinds: PHASE_KINDS, events, create, addHead,
  };
}

function withOverrides(spec: unknown, options: PrepareOptions): unknown {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return spec;
  return {
    ...spec,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.kernel !== undefined ? { kernel: options.kernel } : {}),
  };
}

/** A network too large to allocate is refused as the spec's fault, at its model options. */
function buildModel(spec: LifespanSpec, file: string, build: () => Model): Model {
  try {
    return build();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw SPEC_INVALID(file, `  at /model/with (plugin "${spec.model.use}"): the network cannot be allocated — ${error.message}; expected widths that fit in memory`);
  }
}

/** A phase given in epochs must come to at most MAX_STEPS steps on its task's training split. */
function checkPhaseLengths(spec: LifespanSpec, tasks: ReadonlyMap<string, TaskData>, file: string): void {
  let task: string | undefined;
  const problems: string[] = [];
  spec.phases.forEach((phase, index) => {
    task = phase.task ?? task;
    const [epochs, steps, batch] = ['epochs', 'steps', 'batch'].map((name) => phaseOption(phase, name));
    const data = task !== undefined ? tasks.get(task) : undefined;
    if (typeof epochs !== 'number' || steps !== undefined || typeof batch !== 'number' || !data) return;
    const perEpoch = Math.max(1, Math.floor(data.train.count / Math.min(batch, Math.max(data.train.count, 1))));
    const total = Math.round(epochs * perEpoch);
    if (total > MAX_STEPS) {
      problems.push(`  at /phases/${index}/epochs: ${epochs} epochs of ${perEpoch} batches are ${total} steps — expected at most ${MAX_STEPS} steps (${Math.floor(MAX_STEPS / perEpoch)} epochs)`);
    }
  });
  if (problems.length > 0) throw SPEC_INVALID(file, problems.join('\n'));
}

/**
 * Makes every plugin the spec references once, so that options a plugin refuses when it is made (a schedule
 * whose begin is after its end) stop the run before any work, located at the reference.
 */
function checkPluginsAccept(spec: LifespanSpec, create: <K extends PluginKind>(kind: K, reference: PluginReference) => PluginProducts[K], file: string): void {
  const problems: string[] = [];
  for (const { path, kind, reference } of pluginReferences(spec, PHASE_KINDS)) {
    try {
      create(kind, reference);
    } catch (error) {
      problems.push(`  at ${path}/with (plugin "${reference.use}"): ${error instanceof OntogenyError ? error.message : (error as Error).message}`);
    }
  }
  if (problems.length > 0) throw SPEC_INVALID(file, problems.join('\n'));
}

/** Every `layers` list in the spec must name masked layers of the model, every `frozen` list body parameters. */
function checkLayerNames(spec: LifespanSpec, model: Model, file: string): void {
  const known = model.maskedParameters().map((parameter) => layerName(parameter.name));
  const problems: string[] = [];
  const check = (names: unknown, path: string) => {
    if (!Array.isArray(names)) return;
    names.forEach((name, index) => {
      if (!known.includes(String(name))) {
        problems.push(`  at ${path}/${index}: no masked layer named "${String(name)}" — expected one of ${known.join(', ')}`);
      }
    });
  };
  const body = model.bodyParameters().map((parameter) => parameter.name);
  spec.phases.forEach((phase, index) => {
    const at = `/phases/${index}`;
    const record = phase as unknown as Record<string, unknown>;
    check(record.layers, `${at}/layers`);
    if (Array.isArray(record.frozen)) {
      record.frozen.forEach((prefix, position) => {
        if (!body.some((name) => underPrefix(name, String(prefix)))) {
          problems.push(`  at ${at}/frozen/${position}: no body parameter is named "${String(prefix)}" or lies under it — expected one of ${body.join(', ')}`);
        }
      });
    }
    for (const when of ['before', 'after'] as const) {
      (phase[when] ?? []).forEach((use, position) => check(use.layers, `${at}/${when}/${position}/layers`));
    }
    (phase.during?.disorders ?? []).forEach((use, position) => check(use.layers, `${at}/during/disorders/${position}/layers`));
  });
  if (problems.length > 0) throw SPEC_INVALID(file, problems.join('\n'));
}

/**
 * The run's name hash: the canonical resolved spec without default values, `$schema` and `checkpointEvery`; a
 * pre-trained file and the data files count by their contents, not their paths, so the same weights and data
 * give the same name wherever they lie.
 */
function runHash(spec: LifespanSpec, schema: JsonSchema, data: readonly DataFile[]): string {
  // Where checkpoints fall changes no result
  const { $schema: _ignored, checkpointEvery: _unhashed, ...hashed } = withoutDefaults(spec, schema) as Record<string, unknown>;
  if (data.length > 0) hashed.data = data;
  // `{"use": "native"}` with every option at its default names the same run as `"native"`
  const kernel = hashed.kernel as { use?: string; with?: object } | undefined;
  if (typeof kernel === 'object' && Object.keys(kernel.with ?? {}).length === 0) hashed.kernel = kernel.use;
  if (spec.pretrained) {
    const contents = readFileSync(spec.pretrained.onnx);
    hashed.pretrained = { ...spec.pretrained, onnx: `sha256:${createHash('sha256').update(contents).digest('hex')}` };
  }
  return canonicalHash(hashed);
}

/** Writes the spec's pre-trained ONNX weights into the new model; a head in the file goes to `pretrained.head` or the first phase's task. */
async function applyPretrained(
  spec: LifespanSpec, model: Model, tasks: ReadonlyMap<string, TaskData>, addHead: (task: string) => void, file: string,
): Promise<void> {
  const { onnx, head } = spec.pretrained!;
  const headTask = head ?? spec.phases.find((phase) => phase.task !== undefined)?.task ?? null;
  if (headTask !== null && !tasks.has(headTask)) {
    throw SPEC_INVALID(file, `  at /pretrained/head: no task named "${headTask}" — expected one of ${[...tasks.keys()].join(', ')}`);
  }
  // Loaded on demand: the ONNX schema is only needed by specs that import
  const { importOnnx } = await import('../io/onnx/import-onnx.js');
  importOnnx(model, onnx, { headTask, addHead });
}
