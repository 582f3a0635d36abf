// Per-task storage of a run: shared weights at their bit width plus one bit-packed mask per task, against a dense float32 copy per task.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_MISSING } from '../errors.js';
import { layerName } from '../lifespan/pruning.js';
import type { ModelState, ParameterState } from '../lifespan/state.js';
import { BitMask } from '../mask/bit-mask.js';
import { checkpointFile, finishedPhases, readRunCheckpoint } from './run-checkpoints.js';

/** Phase kinds whose result is a mask of their own over shared weights. */
const MASK_PHASE_KINDS = ['finetune-mask', 'prune'];
/** Phase kinds that keep a mask per task of a sequence (each such mask is a task of the report). */
const CONTINUAL_MASK_KINDS = ['continual-mask'];
/** Phase kinds that learn a sequence of tasks, accounted against one another. */
const CONTINUAL_KINDS = ['continual-mask', 'continual-packnet', 'continual-dense'];

export interface LayerStorage {
  readonly name: string;
  readonly weights: number;
  /** Bit width of the shared weights (32 when not quantized). */
  readonly bits: number;
  /** ⌈weights · bits / 8⌉, plus 5 bytes per scale group (float32 scale + 8-bit zero point) when quantized. */
  readonly sharedBytes: number;
  /** ⌈weights / 8⌉: one task's bit-packed mask. */
  readonly maskBytes: number;
  /** weights · 4: one task's dense float32 copy. */
  readonly denseBytes: number;
}

export interface TaskStorage {
  /** The phase whose mask this is, and its task. */
  readonly phase: string;
  readonly task: string | null;
  /** Fraction of the masked weights kept by this task's mask. */
  readonly density: number;
  readonly maskBytes: number;
  readonly denseBytes: number;
}

/** What a continual phase's T tasks cost, per task and in all, against T dense copies and PackNet's single network. */
export interface ContinualStorage {
  readonly phase: string;
  readonly kind: string;
  readonly tasks: number;
  /** The body's masked weights. */
  readonly weights: number;
  /** Bits of each shared weight (32 when not quantized). */
  readonly weightBits: number;
  /** One task's bit-packed masks over the body (⌈weights / 8⌉ per layer). */
  readonly maskBytesPerTask: number;
  /** One task's head, float32 (every method needs one per task). */
  readonly headBytesPerTask: number;
  /** What one more task adds with masks: its masks and its head. */
  readonly bytesPerAddedTask: number;
  /** Mask bits per weight per task: 1, plus the padding of each layer's mask to whole bytes. */
  readonly maskBitsPerWeight: number;
  readonly totals: {
    /** The shared weights at their bit width, plus a mask and a head per task. */
    readonly masks: number;
    /** A float32 copy of the body and a head per task. */
    readonly denseCopies: number;
    /** PackNet: one float32 body, ⌈log2(T + 1)⌉ bits per weight naming the task that owns it (or none), and a head per task. */
    readonly packnet: number;
  };
}

export interface StorageReport {
  /** The phase whose weights are the shared set. */
  readonly phase: string;
  readonly layers: readonly LayerStorage[];
  readonly tasks: readonly TaskStorage[];
  readonly totals: {
    readonly sharedBytes: number;
    /** Σ over tasks of their masks. */
    readonly maskBytes: number;
    /** sharedBytes + maskBytes: what Ontogeny stores. */
    readonly ontogenyBytes: number;
    /** Σ over tasks of a dense float32 copy. */
    readonly denseBytes: number;
  };
  /** Each continual phase with a checkpoint: its tasks' storage by method. */
  readonly continual: readonly ContinualStorage[];
}

/**
 * Accounts the masked weight matrices of the body (heads and unmasked parameters — biases, norms, embeddings —
 * are left out: they cost the same either way). Tasks are the phases that learn a mask of their own
 * (finetune-mask, prune) and have a checkpoint; with none, the inspected phase alone.
 */
export function storageReport(dir: string, phase?: string): StorageReport {
  const specFile = join(dir, 'spec.json');
  if (!existsSync(specFile)) throw DATA_MISSING(specFile, 'not a run directory (it has no spec.json) — give a folder written by `ontogeny run`');
  const phases = (JSON.parse(readFileSync(specFile, 'utf8')) as { phases: PhaseEntry[] }).phases;
  const finished = finishedPhases(dir).phases;
  const withCheckpoint = phases.filter((p) => finished.includes(p.name));
  const shared = phase ?? withCheckpoint.at(-1)?.name;
  if (shared === undefined) throw DATA_MISSING(checkpointFile(dir, '(none)'), 'no phase of this run has finished with a checkpoint');
  // Each checkpoint read once: the shared phase may also be one of the mask phases
  const states = new Map<string, ModelState>();
  const stateOf = (name: string): ModelState => {
    let state = states.get(name);
    if (!state) states.set(name, (state = readRunCheckpoint(dir, name)));
    return state;
  };
  const layers = maskedBody(stateOf(shared)).map(layerStorage);
  const layerMaskBytes = sum(layers.map((l) => l.maskBytes));
  const layerDenseBytes = sum(layers.map((l) => l.denseBytes));
  const tasksOf = new Map<string, string | null>();
  let task: string | null = null;
  for (const p of phases) tasksOf.set(p.name, (task = p.task ?? task));
  const maskPhases = withCheckpoint.filter((p) => MASK_PHASE_KINDS.includes(p.kind) || CONTINUAL_MASK_KINDS.includes(p.kind));
  const tasks = (maskPhases.length > 0 ? maskPhases : [{ name: shared, kind: '' }]).flatMap(({ name, kind }): TaskStorage[] => {
    const body = maskedBody(stateOf(name));
    const total = body.reduce((sum, p) => sum + p.values.length, 0);
    const task = (label: string | null, masks: readonly Uint32Array[]): TaskStorage => ({
      phase: name, task: label, density: total > 0 ? sum(masks.map((words) => new BitMask(words.length * 32, words).count())) / total : 0,
      maskBytes: layerMaskBytes, denseBytes: layerDenseBytes,
    });
    if (!CONTINUAL_MASK_KINDS.includes(kind)) return [task(tasksOf.get(name) ?? null, body.map((p) => p.mask!))];
    return Object.keys(body[0]?.taskMasks ?? {}).map((label) => task(label, body.map((p) => p.taskMasks?.[label] ?? p.mask!)));
  });
  const sharedBytes = sum(layers.map((l) => l.sharedBytes));
  const maskBytes = sum(tasks.map((t) => t.maskBytes));
  const continual = withCheckpoint.filter((p) => CONTINUAL_KINDS.includes(p.kind)).map((p) => continualStorage(p, stateOf(p.name)));
  return {
    phase: shared, layers, tasks,
    totals: { sharedBytes, maskBytes, ontogenyBytes: sharedBytes + maskBytes, denseBytes: sum(tasks.map((t) => t.denseBytes)) },
    continual,
  };
}

/** A phase as the resolved spec lists it (a continual phase names its `tasks`). */
interface PhaseEntry {
  readonly name: string;
  readonly kind: string;
  readonly task?: string;
  readonly tasks?: readonly string[];
}

/** The storage of a continual phase's tasks: those of its heads that are its tasks or their streams' members. */
function continualStorage(phase: PhaseEntry, state: ModelState): ContinualStorage {
  const named = phase.tasks ?? [];
  const tasks = state.heads.filter((head) => named.some((task) => head === task || head.startsWith(`${task}/`)));
  const body = maskedBody(state).map(layerStorage);
  const weights = sum(body.map((l) => l.weights));
  const maskBytesPerTask = sum(body.map((l) => l.maskBytes));
  const headBytes = tasks.map((task) => sum(state.parameters.filter((p) => p.name.startsWith(`head:${task}.`)).map((p) => p.values.length * 4)));
  const headBytesPerTask = tasks.length > 0 ? sum(headBytes) / tasks.length : 0;
  const count = tasks.length;
  return {
    phase: phase.name, kind: phase.kind, tasks: count, weights, weightBits: body[0]?.bits ?? 32,
    maskBytesPerTask, headBytesPerTask, bytesPerAddedTask: maskBytesPerTask + headBytesPerTask,
    maskBitsPerWeight: weights > 0 ? (8 * maskBytesPerTask) / weights : 0,
    totals: {
      masks: sum(body.map((l) => l.sharedBytes)) + count * maskBytesPerTask + sum(headBytes),
      denseCopies: count * weights * 4 + sum(headBytes),
      packnet: weights * 4 + Math.ceil((weights * Math.ceil(Math.log2(count + 1))) / 8) + sum(headBytes),
    },
  };
}

/** The body's masked weight matrices (heads are named `head:<task>…`). */
function maskedBody(state: ModelState): ParameterState[] {
  return state.parameters.filter((p) => p.mask !== undefined && !p.name.startsWith('head:'));
}

function layerStorage(p: ParameterState): LayerStorage {
  const weights = p.values.length;
  const q = p.quantization;
  const bits = q ? q.bits : 32;
  return {
    name: layerName(p.name), weights, bits,
    sharedBytes: Math.ceil((weights * bits) / 8) + (q ? q.scales.length * 5 : 0),
    maskBytes: Math.ceil(weights / 8),
    denseBytes: weights * 4,
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
