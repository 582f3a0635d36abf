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

/**
 * Removes connections for good until `target` sparsity by `criterion`, and emits the `prune` event (only when
 * something was removed, unless `always`). `importance` is the criterion's, when the caller has already computed
 * it for this step (`importanceOf`). Returns how many connections were removed.
 */
export function pruneAndReport(context: PhaseContext, layers: readonly MaskedParameter[], criterion: PruningCriterion,
  target: number, step: number, shape: { distribution: PruneDistribution; structure: PruneStructure }, always = true,
  importance: readonly Float32Array[] = importanceOf(context, criterion, layers, step)): number {
  const removed = pruneToSparsity(layers, importance, target, { scope: criterion.scope, ...shape })
    .reduce((a, b) => a + b, 0);
  if (removed > 0 || always) context.emit({ type: 'prune', phase: context.phase, step, target, removed, density: densityByLayer(layers) });
  return removed;
}
