// Pruning to a target sparsity: removes the least important connections for good, per layer or globally, unstructured, in 4×1 blocks or 2:4.
import type { MaskedParameter } from './masked-parameter.js';
import { smallestIndices } from './select.js';

export type PruneScope = 'layer' | 'global';
/** ERK: density ∝ (n_in + n_out)/(n_in·n_out), scaled to the target, capped at 1 (Evci et al. 2020, RigL; Mocanu et al. 2018). */
export type PruneDistribution = 'uniform' | 'erk';
/** 'block-4x1': 4 consecutive outputs × 1 input go together; 'nm-2:4': at most 2 of every 4 consecutive inputs of a row stay. */
export type PruneStructure = 'unstructured' | 'block-4x1' | 'nm-2:4';

export interface PruneOptions {
  readonly scope: PruneScope;
  readonly distribution: PruneDistribution;
  readonly structure: PruneStructure;
}

/** Entry states while ranking: removed entries never compete; entries off the mask but not removed go before kept ones. */
const REMOVED = 0;
const IDLE = 1;
const KEPT = 2;

/**
 * Removes for good the least important kept connections so each layer (per its distribution share) reaches
 * sparsity ≥ target, exactly the count round(target·n) where the structure allows. Returns how many were
 * removed per layer. Never revives anything.
 *
 * Sparsity is counted in connections removed for good, so re-tuning a mask afterwards cannot bring it below
 * the target. Entries that are off the mask without being removed (a mask learner turned them off) are
 * removed first, least important first, since removing them costs the network nothing now; then kept entries
 * go in order of importance (ties: lowest index first). With 'global' scope one ranking spans all layers
 * (Han et al. 2015; Frankle & Carbin 2019 prune globally for convolutions), so the distribution must be
 * 'uniform'. 'nm-2:4' first leaves at most 2 of every 4 consecutive inputs of each row (Mishra et al. 2021,
 * NVIDIA's 2:4 sparsity), so its sparsity is at least 0.5 whatever the target; 'block-4x1' removes whole
 * blocks, so a layer may overshoot its count by up to 3.
 *
 * @example
 * pruneToSparsity(model.maskedParameters(), importances, 0.9, { scope: 'layer', distribution: 'uniform', structure: 'unstructured' });
 */
export function pruneToSparsity(layers: readonly MaskedParameter[], importance: readonly Float32Array[], target: number,
  options: PruneOptions): number[] {
  if (!(target >= 0 && target <= 1)) throw new RangeError(`pruneToSparsity: target ${target} is not a sparsity in [0, 1]`);
  if (importance.length !== layers.length) {
    throw new RangeError(`pruneToSparsity: ${layers.length} layers but ${importance.length} importance arrays`);
  }
  layers.forEach((layer, l) => {
    if (importance[l].length !== layer.size) {
      throw new RangeError(`pruneToSparsity: ${layer.name} has ${layer.size} entries but its importance has ${importance[l].length}`);
    }
  });
  const removed = layers.map(() => 0);
  if (options.structure === 'nm-2:4') layers.forEach((layer, l) => { removed[l] += enforceTwoOfFour(layer, importance[l]); });
  if (options.scope === 'global') {
    if (options.distribution !== 'uniform') {
      throw new RangeError("pruneToSparsity: 'global' scope ranks all layers together, so the distribution must be 'uniform', not 'erk'");
    }
    const total = layers.reduce((sum, layer) => sum + layer.size, 0);
    const already = layers.reduce((sum, layer) => sum + layer.removed.count(), 0);
    addInto(removed, removeLeast(layers, importance, Math.round(target * total) - already, options.structure));
    return removed;
  }
  const sparsities = options.distribution === 'erk' ? erkSparsities(layers, target) : layers.map(() => target);
  layers.forEach((layer, l) => {
    const need = Math.round(sparsities[l] * layer.size) - layer.removed.count();
    removed[l] += removeLeast([layer], [importance[l]], need, options.structure)[0];
  });
  return removed;
}

/**
 * Per-layer sparsities of the Erdős–Rényi(-Kernel) distribution for a fully connected net: density_l =
 * ε·(n_in + n_out)/(n_in·n_out), with ε chosen so the kept total matches (1 − target)·N; a layer whose
 * density would pass 1 stays dense and ε is solved again for the rest (RigL's `get_sparsities`).
 */
export function erkSparsities(layers: readonly { readonly rows: number; readonly cols: number }[], target: number): number[] {
  const sizes = layers.map((layer) => layer.rows * layer.cols);
  const raw = layers.map((layer) => (layer.rows + layer.cols) / (layer.rows * layer.cols));
  const dense = layers.map(() => false);
  const keep = (1 - target) * sizes.reduce((a, b) => a + b, 0);
  for (;;) {
    let budget = keep;
    let weight = 0;
    layers.forEach((_, l) => { if (dense[l]) budget -= sizes[l]; else weight += raw[l] * sizes[l]; });
    const epsilon = weight > 0 ? Math.max(0, budget) / weight : 0;
    let densest = -1;
    layers.forEach((_, l) => { if (!dense[l] && epsilon * raw[l] > 1 && (densest < 0 || raw[l] > raw[densest])) densest = l; });
    if (densest < 0) return layers.map((_, l) => (dense[l] ? 0 : 1 - epsilon * raw[l]));
    dense[densest] = true;
  }
}

/** Removes `need` entries (or whole units covering at least that many) from the group ranked as one; returns per-layer counts. */
function removeLeast(layers: readonly MaskedParameter[], importance: readonly Float32Array[], need: number,
  structure: PruneStructure): number[] {
  if (need <= 0) return layers.map(() => 0);
  return structure === 'block-4x1' ? removeBlocks(layers, importance, need) : removeEntries(layers, importance, need);
}

/** Unstructured: exactly `need` entries, by selection rather than a sort (pruning events on ~266k entries). */
function removeEntries(layers: readonly MaskedParameter[], importance: readonly Float32Array[], need: number): number[] {
  const offsets = layerOffsets(layers);
  const total = offsets[layers.length];
  const keys = new Float32Array(total);
  const state = new Uint8Array(total);
  let idle = 0;
  layers.forEach((layer, l) => {
    keys.set(importance[l], offsets[l]);
    for (let i = 0; i < layer.size; i++) {
      const s = layer.removed.get(i) ? REMOVED : layer.mask.get(i) ? KEPT : IDLE;
      state[offsets[l] + i] = s;
      if (s === IDLE) idle++;
    }
  });
  const scratch = new Float32Array(total);
  const fromIdle = smallestIndices(keys, total, need, (i) => state[i] === IDLE, scratch);
  const fromKept = need > idle ? smallestIndices(keys, total, need - idle, (i) => state[i] === KEPT, scratch) : new Int32Array(0);
  return layers.map((layer, l) => layer.remove([
    ...indicesIn(fromIdle, offsets[l], offsets[l + 1]), ...indicesIn(fromKept, offsets[l], offsets[l + 1]),
  ]));
}

/** 4×1 blocks (4 consecutive rows of one column): whole blocks go, least important first, until `need` entries are gone. */
function removeBlocks(layers: readonly MaskedParameter[], importance: readonly Float32Array[], need: number): number[] {
  const units: Array<{ layer: number; rowBlock: number; col: number; key: number; stage: number }> = [];
  layers.forEach((layer, l) => {
    for (let rowBlock = 0; rowBlock * 4 < layer.rows; rowBlock++) {
      for (let col = 0; col < layer.cols; col++) {
        let kept = 0; let keptSum = 0; let alive = 0; let aliveSum = 0;
        for (const i of blockEntries(layer, rowBlock, col)) {
          if (layer.removed.get(i)) continue;
          alive++; aliveSum += importance[l][i];
          if (layer.mask.get(i)) { kept++; keptSum += importance[l][i]; }
        }
        // A block with nothing kept goes first (stage 0), ranked by what it would have contributed.
        const key = kept > 0 ? keptSum : aliveSum;
        if (alive > 0) units.push({ layer: l, rowBlock, col, key: key !== key ? -Infinity : key, stage: kept > 0 ? 1 : 0 });
      }
    }
  });
  units.sort((a, b) => a.stage - b.stage || a.key - b.key); // stable: ties keep layer, row-block, column order
  const removed = layers.map(() => 0);
  let left = need;
  for (const unit of units) {
    if (left <= 0) break;
    const count = layers[unit.layer].remove(blockEntries(layers[unit.layer], unit.rowBlock, unit.col));
    removed[unit.layer] += count;
    left -= count;
  }
  return removed;
}

/** N:M with N = 2, M = 4 along the inputs: in each group, all but the 2 most important live entries go (kept before idle). */
function enforceTwoOfFour(layer: MaskedParameter, importance: Float32Array): number {
  const doomed: number[] = [];
  const group: number[] = [];
  for (let row = 0; row < layer.rows; row++) {
    for (let start = 0; start < layer.cols; start += 4) {
      group.length = 0;
      for (let col = start; col < Math.min(start + 4, layer.cols); col++) {
        const i = row * layer.cols + col;
        if (!layer.removed.get(i)) group.push(i);
      }
      if (group.length <= 2) continue;
      group.sort((a, b) => Number(layer.mask.get(b)) - Number(layer.mask.get(a)) || importance[b] - importance[a] || a - b);
      for (let g = 2; g < group.length; g++) doomed.push(group[g]);
    }
  }
  return layer.remove(doomed);
}

function* blockEntries(layer: MaskedParameter, rowBlock: number, col: number): Generator<number> {
  for (let row = rowBlock * 4; row < Math.min(rowBlock * 4 + 4, layer.rows); row++) yield row * layer.cols + col;
}

function layerOffsets(layers: readonly MaskedParameter[]): number[] {
  const offsets = [0];
  for (const layer of layers) offsets.push(offsets[offsets.length - 1] + layer.size);
  return offsets;
}

/** The entries of ascending `chosen` that fall in [from, to), shifted to the layer's own indices. */
function* indicesIn(chosen: Int32Array, from: number, to: number): Generator<number> {
  for (const i of chosen) if (i >= from && i < to) yield i - from;
}

function addInto(into: number[], more: readonly number[]): void {
  more.forEach((count, l) => { into[l] += count; });
}
