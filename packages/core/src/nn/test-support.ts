// Shared fixtures for the layer tests: seeded random tensors and masked-parameter initialisation.
import { Rng } from '../tensor/rng.js';
import { Tensor } from '../tensor/tensor.js';
import type { Parameter } from './parameter.js';

/** A (rows × cols) tensor of N(0, scale²) entries from the named stream. */
export function randomTensor(rows: number, cols: number, stream: string, scale = 1): Tensor {
  const rng = Rng.derive(0, 'test', stream);
  const t = Tensor.zeros(rows, cols);
  for (let i = 0; i < t.data.length; i++) t.data[i] = scale * rng.normal();
  return t;
}

/** Fills every parameter with N(0, scale²) values from the named stream, so no gradient is trivially zero. */
export function randomizeParameters(parameters: readonly Parameter[], stream: string, scale = 0.5): void {
  const rng = Rng.derive(0, 'test', stream);
  for (const parameter of parameters) {
    for (let i = 0; i < parameter.values.length; i++) parameter.values[i] = scale * rng.normal();
    parameter.touch();
  }
}
