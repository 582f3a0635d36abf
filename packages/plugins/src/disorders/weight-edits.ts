// Helpers the disorders share: per-layer statistics, random subsets, relative change, layer rewriting and dose options.
import type { Disorder, DisorderTarget, MaskedParameter, PerturbReport, Rng } from '@ontogeny/core';

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

/** The report of a disorder at dose 0, which must leave everything as it was (quantization records included). */
export function untouched(detail: PerturbReport['detail']): PerturbReport {
  return { dose: 0, detail };
}

/**
 * Applies `edit` to every target layer and reports `dose` with the relative change of the weights. At dose 0
 * nothing is touched. A stored quantization is dropped before the edit (it would no longer describe the
 * values); an edit that leaves quantized values may record a new one.
 */
export function rewriteLayers(target: DisorderTarget, rng: Rng, dose: number,
  edit: (w: MaskedParameter, rng: Rng) => void): PerturbReport {
  if (dose === 0) return untouched({ relativeChange: 0 });
  const before = target.layers.map((w) => w.values.slice());
  for (const w of target.layers) {
    w.quantization = null;
    edit(w, rng);
    w.touch();
  }
  return { dose, detail: { relativeChange: relativeChange(before, target.layers.map((w) => w.values)) } };
}

/** A disorder that rewrites every target layer by `edit` at the given dose (nothing at dose 0). */
export function layerRewriter(dose: number, edit: (w: MaskedParameter, rng: Rng) => void): Disorder {
  return { apply: (target, rng) => rewriteLayers(target, rng, dose, edit) };
}

/** A dose knob's schema, in [0, 1] or [0, ∞) (a disorder's one option; required unless it has a default). */
export function doseOption<const K extends { readonly maximum?: 1; readonly default?: number; readonly description: string }>(knob: K) {
  return { type: 'number', minimum: 0, ...knob } as const;
}
