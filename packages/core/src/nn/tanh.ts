// Tanh activation (BERT's pooler): y = tanh(x); dx = dy · (1 − y²).
import { ElementwiseActivation } from './elementwise-activation.js';

export class Tanh extends ElementwiseActivation {
  protected value(x: number): number {
    return Math.tanh(x);
  }

  protected slope(_x: number, y: number): number {
    return 1 - y * y;
  }
}
