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
}

/**
 * Accounts the masked weight matrices of the body (heads and unmasked parameters — biases, norms, embeddings —
 * are left out: they cost the same either way). Tasks are the phases that learn a mask of their own
 * (finetune-mask, prune) and have a checkpoint; with none, the inspected phase alone.
 */
export function storageReport(dir: string, phase?: string): StorageReport {
  const specFile = join(dir, 'spec.json');
  if (!existsSync(specFile)) throw DATA_MISSING(specFile, 'not a run directory (it has no spec.json) — give a folder written by `ontogeny run`');
  const phases = (JSON.parse(readFileSync(specFile, 'utf8')) as { phases: Array<{ name: string; kind: string; task?: string }> }).phases;
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
  const maskPhases = withCheckpoint.filter((p) => MASK_PHASE_KINDS.includes(p.kind)).map((p) => p.name);
  const tasks = (maskPhases.length > 0 ? maskPhases : [shared]).map((name): TaskStorage => {
    const body = maskedBody(stateOf(name));
    const kept = body.reduce((sum, p) => sum + new BitMask(p.mask!.length * 32, p.mask!).count(), 0);
    const total = body.reduce((sum, p) => sum + p.values.length, 0);
    return {
      phase: name, task: tasksOf.get(name) ?? null, density: total > 0 ? kept / total : 0,
      maskBytes: layerMaskBytes, denseBytes: layerDenseBytes,
    };
  });
  const sharedBytes = sum(layers.map((l) => l.sharedBytes));
  const maskBytes = sum(tasks.map((t) => t.maskBytes));
  return {
    phase: shared, layers, tasks,
    totals: { sharedBytes, maskBytes, ontogenyBytes: sharedBytes + maskBytes, denseBytes: sum(tasks.map((t) => t.denseBytes)) },
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
