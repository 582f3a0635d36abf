// Pruning inside a phase: rank by a criterion, remove to a target, and report the event with every layer's density.
import type { MaskedParameter } from '../mask/masked-parameter.js';
import { pruneToSparsity, type PruneDistribution, type PruneStructure } from '../mask/prune.js';
import type { PruningCriterion } from '../plugin/contracts/pruning.js';
import type { PhaseContext } from './phase-kind.js';

/** `fc1.weight` → `fc1`: layers are reported by the layer's name. */
export function layerName(parameterName: string): string {
  return parameterName.endsWith('.weight') ? parameterName.slice(0, -'.weight'.length) : parameterName;
}

/** Density of each layer, by layer name. */
export function densityByLayer(layers: readonly MaskedParameter[]): Record<string, number> {
  return Object.fromEntries(layers.map((layer) => [layerName(layer.name), layer.density()]));
}

/** The fraction of all entries of `layers` that are off the mask. */
export function sparsityOf(layers: readonly MaskedParameter[]): number {
  const kept = layers.reduce((sum, layer) => sum + layer.keptCount(), 0);
  const total = layers.reduce((sum, layer) => sum + layer.size, 0);
  return total > 0 ? 1 - kept / total : 0;
}

/** The criterion's importance of every entry of each layer, from streams named by the step. */
export function importanceOf(context: PhaseContext, criterion: PruningCriterion, layers: readonly MaskedParameter[], step: number): Float32Array[] {
  return layers.map((layer) => criterion.importance(layer, context.rng('criterion', step, layer.name)));
}

/** How a pruning event is reported: besides its step on the phase's axis. */
export interface PruneReportOptions {
  /** Emit the event even when nothing was removed (default true). */
  readonly always?: boolean;
  /** The criterion's importance, when the caller has already computed it for this event (`importanceOf`). */
  readonly importance?: readonly Float32Array[];
  /** The event's step on its schedule's own clock, when that is not the phase's step axis (a `prune` phase). */
  readonly scheduleStep?: number;
}

/**
 * Removes connections for good until `target` sparsity by `criterion`, and emits the `prune` event at `step` of the
 * phase's step axis (only when something was removed, unless `always`). Returns how many connections were removed.
 */
export function pruneAndReport(context: PhaseContext, layers: readonly MaskedParameter[], criterion: PruningCriterion,
  target: number, step: number, shape: { distribution: PruneDistribution; structure: PruneStructure }, options: PruneReportOptions = {}): number {
  const { always = true, scheduleStep } = options;
  const importance = options.importance ?? importanceOf(context, criterion, layers, scheduleStep ?? step);
  const removed = pruneToSparsity(layers, importance, target, { scope: criterion.scope, ...shape })
    .reduce((a, b) => a + b, 0);
  if (removed > 0 || always) {
    context.emit({
      type: 'prune', phase: context.phase, step, target, removed, density: densityByLayer(layers),
      ...(scheduleStep === undefined ? {} : { scheduleStep }),
    });
  }
  return removed;
}
