// The Optimizer contract: one update of a list of parameters from their gradients.
import type { Parameter } from '../../nn/parameter.js';

export interface Optimizer {
  /** The base learning rate from the options; a learning-rate schedule scales it. */
  readonly learningRate: number;
  /** Updates each parameter from its `grad` with learning rate `lr`; keeps per-parameter state. */
  step(params: readonly Parameter[], lr: number): void;
  /** Forgets the state of the given entries (regrown connections), or of the whole parameter. */
  resetState(param: Parameter, indices?: Iterable<number>): void;
}
