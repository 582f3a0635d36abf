// The Layer contract: explicit forward and backward, llm.c style.
import type { Tensor } from '../tensor/tensor.js';
import type { Parameter } from './parameter.js';

/** Whether the pass is for learning (dropout, Bernoulli masks sample) or for evaluation (deterministic). */
export interface PassMode {
  readonly training: boolean;
}

/**
 * A layer keeps what its backward pass needs from its forward pass and nothing else. `backward` accumulates
 * (`+=`) into the gradients of its parameters that require one, and returns the gradient with respect to its
 * input (assigned), or null when `needInputGrad` is false (the first layer need not compute it).
 */
export interface Layer {
  readonly name: string;
  forward(x: Tensor, mode: PassMode): Tensor;
  backward(dy: Tensor, needInputGrad: boolean): Tensor | null;
  parameters(): Parameter[];
}
