// Helpers the disorders share: per-layer statistics, random subsets, and marking values as changed.
import type { MaskedParameter, Rng } from '@ontogeny/core';

/** Call after a disorder rewrites values: any stored quantization no longer describes them. */
export function valuesChanged(w: MaskedParameter): void {
  w.quantization = null;
  w.touch();
}

/** Population standard deviation of the values (float64 accumulation). */
export function standardDeviation(values: Float32Array): number {
  let sum = 0;
  let squares = 0;
  for (const v of values) { sum += v; squares += v * v; }
  const mean = sum / values.length;
  return Math.sqrt(Math.max(0, squares / values.length - mean * mean));
}

/** round(fraction · n) distinct indices of 0 … n−1 chosen uniformly at random, ascending. */
export function randomSubset(n: number, fraction: number, rng: Rng): Int32Array {
  const count = Math.round(fraction * n);
  if (count === 0) return new Int32Array(0);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = 0; i < count; i++) {
    const j = i + rng.int(n - i); // partial Fisher–Yates: the first `count` places are a uniform sample
    const held = order[i];
    order[i] = order[j];
    order[j] = held;
  }
  return order.slice(0, count).sort();
}

/** ‖after − before‖ / ‖before‖ over all layers: how much a disorder moved the weights (0 when nothing changed). */
export function relativeChange(before: readonly Float32Array[], after: readonly Float32Array[]): number {
  let change = 0;
  let norm = 0;
  before.forEach((values, l) => {
    for (let i = 0; i < values.length; i++) {
      const d = after[l][i] - values[i];
      change += d * d;
      norm += values[i] * values[i];
    }
  });
  return norm > 0 ? Math.sqrt(change / norm) : Math.sqrt(change);
}
