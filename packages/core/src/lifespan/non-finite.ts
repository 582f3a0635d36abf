// Divergence in the weights: the first parameter holding NaN or Inf, which no training loss would show once a ReLU maps NaN to 0.
import type { Model } from '../plugin/contracts/model.js';
import { allParameters } from './state.js';

/** The name of the first parameter (body, then heads) with a NaN or infinite value, or null. */
export function firstNonFinite(model: Model): string | null {
  for (const parameter of allParameters(model)) {
    const values = parameter.values;
    for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return parameter.name;
  }
  return null;
}
