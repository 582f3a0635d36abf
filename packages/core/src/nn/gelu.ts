// GELU, tanh form (Hendrycks & Gimpel 2016, as BERT's and GPT-2's code compute it): y = ½x(1 + tanh(√(2/π)(x + 0.044715x³))).
import { ElementwiseActivation } from './elementwise-activation.js';

const C = Math.sqrt(2 / Math.PI);
const A = 0.044715;

export class GELU extends ElementwiseActivation {
  protected value(x: number): number {
    return 0.5 * x * (1 + Math.tanh(C * (x + A * x * x * x)));
  }

  /** d/dx [½x(1 + t)] = ½(1 + t) + ½x(1 − t²)·C(1 + 3Ax²), t = tanh(C(x + Ax³)). */
  protected slope(x: number): number {
    const t = Math.tanh(C * (x + A * x * x * x));
    return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * C * (1 + 3 * A * x * x);
  }
}
