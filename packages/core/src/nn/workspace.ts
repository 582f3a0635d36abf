// Reusable output buffers: a layer's activations are rewritten each step instead of reallocated.
import { Tensor } from '../tensor/tensor.js';

/** Hands out a (rows × cols) tensor, reusing the previous buffer when the size is unchanged. */
export class Workspace {
  private buffer: Tensor | null = null;

  tensor(rows: number, cols: number): Tensor {
    if (!this.buffer || this.buffer.rows !== rows || this.buffer.cols !== cols) this.buffer = Tensor.zeros(rows, cols);
    return this.buffer;
  }
}
