// Lottery-ticket rewinding: weights saved at a step are put back under the current mask, or re-drawn as a control.
import type { Model } from '../plugin/contracts/model.js';
import { allParameters } from './state.js';
import type { Rng } from '../tensor/rng.js';

/** Saved copies of the network's values, by parameter name. */
export type SavedWeights = Map<string, Float32Array>;

/** A copy of every parameter's values — the body's and each head's, weights and biases — to rewind to later. */
export function saveWeights(model: Model): SavedWeights {
  return new Map(allParameters(model).map((parameter) => [parameter.name, parameter.values.slice()]));
}

/**
 * Restores every saved parameter (body and heads); masks and removed connections stay as they are (Frankle &
 * Carbin 2019; Frankle et al. 2020 rewind to an early step k). A head added after the save keeps its values.
 * With `reinit`, every weight is instead drawn afresh from U(−b, b), b = max|w| of the saved layer — the initial
 * distribution of a uniform initialiser when the weights were saved at step 0 — the random re-initialisation
 * control; biases are zeroed.
 */
export function rewindWeights(model: Model, saved: SavedWeights, reinit: boolean, rng: (name: string) => Rng): void {
  for (const parameter of allParameters(model)) {
    const values = saved.get(parameter.name);
    if (!values) continue;
    if (!reinit) {
      parameter.values.set(values);
    } else if (parameter.shape.length === 1) {
      parameter.values.fill(0);
    } else {
      let bound = 0;
      for (const value of values) bound = Math.max(bound, Math.abs(value));
      const stream = rng(parameter.name);
      for (let i = 0; i < parameter.size; i++) parameter.values[i] = stream.between(-bound, bound);
    }
    parameter.touch();
  }
}
