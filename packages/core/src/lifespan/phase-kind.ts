// The contract of a phase kind: the JSON Schema of its options and how it runs on the lifespan's state.
import type { Observable } from 'rxjs';
import type { Kernel } from '../kernel/contract.js';
import type { MaskedParameter } from '../mask/masked-parameter.js';
import type { Disorder, DisorderTarget } from '../plugin/contracts/disorder.js';
import type { Model } from '../plugin/contracts/model.js';
import type { TaskData } from '../plugin/contracts/task.js';
import type { PluginKind, PluginProducts } from '../plugin/kinds.js';
import type { PluginRefJsonSchema, SpecPartOf, TypedJsonSchema } from '../plugin/options-type.js';
import type { PluginReference } from '../plugin/registry.js';
import type { PhaseSpecBase } from '../spec/spec.js';
import type { Rng } from '../tensor/rng.js';
import type { LifespanEvent } from './events.js';
import type { TrainingPosition, TrainingStart } from './phase-progress.js';
import type { ContinualResult } from './phases/continual-result.js';
import type { ModelState } from './state.js';

/** The schema of one of a phase kind's options, given a way to reference a plugin of some kind. */
export type PluginRefSchema = <K extends PluginKind>(kind: K) => PluginRefJsonSchema<K>;

/** A phase kind's own options: JSON Schema properties and which are required. */
export interface PhaseOptionsSchema {
  readonly properties: { readonly [name: string]: TypedJsonSchema };
  readonly required: readonly string[];
}

/** A phase of the kind whose own options `S` describes, as spec validation leaves it (defaults filled in). */
export type PhaseSpecOf<S extends PhaseOptionsSchema> = PhaseSpecBase & SpecPartOf<S['properties'], S['required']>;

/** What a running phase can use: the shared state, the plugins, the event sink. */
export interface PhaseContext {
  readonly phase: string;
  readonly model: Model;
  /** The phase's task, by name and data; null only for phases that need none. */
  readonly task: { readonly name: string; readonly data: TaskData } | null;
  /** Every task of the spec by name, for phases that learn several (continual learning). */
  readonly tasks: ReadonlyMap<string, TaskData>;
  readonly kernel: Kernel;
  readonly seed: number;
  readonly logEvery: number;
  readonly evaluationBatch: number;
  rng(...parts: Array<string | number>): Rng;
  /** Creates the plugin a spec references (options already validated and defaulted). */
  create<K extends PluginKind>(kind: K, reference: PluginReference): PluginProducts[K];
  /** The masked layers named (all of the body when `names` is undefined); unknown names were rejected before the run. */
  layers(names?: readonly string[]): MaskedParameter[];
  emit(event: LifespanEvent): void;
  /** Tells the reporters that look inside the network that `step` steps of this phase are done. */
  observeStep(step: number): void;
  /**
   * The point between steps where a run yields to the event loop and may stop: resolves at once unless the
   * subscriber has gone, in which case it throws RUN_ABORTED. A training loop gives its position, and a progress
   * checkpoint is written there when one is due.
   */
  yieldPoint(position?: TrainingPosition): Promise<void>;
  /** Called as a training loop begins: whether a resumed run skips it, or the step to start from. */
  startTraining(): TrainingStart;
  /** The network as an earlier phase of this run left it; the name was checked against the earlier phases before the run. */
  state(phase: string): ModelState;
  /** Puts the network back in the state an earlier phase of this run ended with (heads included). */
  restore(phase: string): void;
  /** Weights saved during earlier phases (for rewinding), by label. */
  readonly saved: Map<string, Map<string, Float32Array>>;
  /** The spec's `during` disorders, applied by the training loop every N steps. */
  readonly during: { readonly every: number; apply(step: number): void } | null;
  /** Disorders of optimisation active in this phase (they perturb each step). */
  readonly stepDisorders: readonly StepDisorder[];
}

/** A disorder that acts on the optimisation while the phase runs (learning-rate spikes, gradient noise). */
export interface StepDisorder {
  readonly disorder: Disorder;
  readonly target: DisorderTarget;
}

export interface PhaseOutcome {
  /** Optimisation steps taken: the end of the phase's step axis, where its final evaluations lie. */
  readonly steps: number;
  /**
   * Where the phase's step axis ends when it counts something other than optimisation steps: an evaluation-only
   * phase's axis is the index of what it evaluated (a point of a path, a candidate), and its final evaluations lie
   * after the last one. Default `steps`.
   */
  readonly lastStep?: number;
  readonly diverged: boolean;
  /** Extra figures for the summary (e.g. the sparsity a pruning phase reached). */
  readonly extra?: Readonly<Record<string, number>>;
  /** What a phase that learns a sequence of tasks measured: the accuracy matrix and what follows from it. */
  readonly continual?: ContinualResult;
}

/** A phase kind, as the runner and spec validation use it. */
export interface PhaseKind {
  readonly kind: string;
  readonly description: string;
  /** Whether the phase trains or evaluates on a task (and so needs a head for it). */
  readonly needsTask: boolean;
  /** The phase's own options: JSON Schema properties and which are required. */
  schema(ref: PluginRefSchema): PhaseOptionsSchema;
  /** Problems with references to earlier phases or to the spec's tasks, as "at <path>: …" lines (checked before the run). */
  crossCheck?(phase: PhaseSpecBase, earlier: readonly PhaseSpecBase[], path: string, tasks: readonly string[]): string[];
  run(context: PhaseContext, spec: PhaseSpecBase): Promise<PhaseOutcome>;
}

/**
 * A phase kind as declared: `crossCheck` and `run` receive the phase typed by the kind's own schema. It serves as a
 * `PhaseKind` because the runner and spec validation hand each phase only to the kind its `kind` names, after the
 * spec passed that kind's branch of the spec schema (which fills the defaults).
 */
export interface TypedPhaseKind<S extends PhaseOptionsSchema> {
  readonly kind: string;
  readonly description: string;
  readonly needsTask: boolean;
  schema(ref: PluginRefSchema): S;
  crossCheck?(phase: PhaseSpecOf<S>, earlier: readonly PhaseSpecBase[], path: string, tasks: readonly string[]): string[];
  run(context: PhaseContext, spec: PhaseSpecOf<S>): Promise<PhaseOutcome>;
}

/**
 * Declares a phase kind; the identity function, there for the types: the phase's options are typed from its
 * schema (`PhaseSpecOf`), so the schema is their one declaration.
 */
export function definePhase<const S extends PhaseOptionsSchema>(kind: TypedPhaseKind<S>): TypedPhaseKind<S> {
  return kind;
}

/** For other ways to observe a phase: the stream type the runner returns. */
export type LifespanStream = Observable<LifespanEvent>;
