// Per-layer sums of g ⊙ w over the training steps a criterion observes, for movement and Taylor importance.
import type { Checkpointable, MaskedParameter, Parameter, PluginState } from '@ontogeny/core';

/**
 * The gradient dL/dW a phase has for `w`, multiplied by w, added into `into`. Sources, in order: the dense
 * gradient when the phase keeps one (`denseGrad`), the weight gradient when values learn (zero off the mask),
 * and under structure learning the straight-through score gradient, which already is dL/dW_eff ⊙ W
 * (after the learner's `adjustGradient`, so a Bernoulli learner's sigmoid derivative scales it).
 * Returns false when the layer has no gradient this step (frozen).
 */
export function addGradientTimesWeight(w: MaskedParameter, into: Float32Array): boolean {
  const g = w.denseGrad ?? (w.learning === 'values' ? w.grad : null);
  if (g) {
    for (let i = 0; i < into.length; i++) into[i] += g[i] * w.values[i];
    return true;
  }
  if (w.learning === 'structure' && w.scores) {
    const product = w.scores.grad;
    for (let i = 0; i < into.length; i++) into[i] += product[i];
    return true;
  }
  return false;
}

/** Sums of g ⊙ w and how many steps went into each, per layer. */
export class GradientAccumulator implements Checkpointable {
  private readonly sums = new WeakMap<MaskedParameter, { sum: Float32Array; steps: number }>();

  observe(w: MaskedParameter): void {
    let entry = this.sums.get(w);
    if (!entry) {
      entry = { sum: new Float32Array(w.size), steps: 0 };
      this.sums.set(w, entry);
    }
    if (addGradientTimesWeight(w, entry.sum)) entry.steps++;
  }

  /** The running sum for `w`, or null before any step was observed. */
  sum(w: MaskedParameter): { readonly sum: Float32Array; readonly steps: number } | null {
    const entry = this.sums.get(w);
    return entry && entry.steps > 0 ? entry : null;
  }

  forget(w: MaskedParameter): void {
    this.sums.delete(w);
  }

  /** Each observed layer's sum ("sum#<name>") and step count ("steps#<name>"). */
  saveState(layers: readonly Parameter[]): PluginState {
    const saved: Record<string, Float32Array | number> = {};
    for (const layer of layers) {
      const entry = this.sums.get(layer as MaskedParameter);
      if (!entry) continue;
      saved[`sum#${layer.name}`] = entry.sum.slice();
      saved[`steps#${layer.name}`] = entry.steps;
    }
    return saved;
  }

  loadState(layers: readonly Parameter[], saved: PluginState): void {
    for (const layer of layers) {
      this.sums.delete(layer as MaskedParameter);
      const sum = saved[`sum#${layer.name}`];
      const steps = saved[`steps#${layer.name}`];
      if (sum instanceof Float32Array && typeof steps === 'number') this.sums.set(layer as MaskedParameter, { sum: sum.slice(), steps });
    }
  }
}
