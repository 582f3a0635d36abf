// Output layer tied to an embedding table: logits = x · Eᵀ + b, the gradient flowing into the shared table (Press & Wolf 2017).
// N = rows (tokens), D = width, V = table rows (vocabulary)
import type { Kernel } from '../kernel/contract.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Layer, PassMode } from './layer.js';
import { Parameter } from './parameter.js';
import { Workspace } from './workspace.js';

/**
 * Scores every table row against each input row, as BERT's masked-language-model decoder does with the token
 * embeddings. Only the bias is this layer's own parameter; the table belongs to the embedding that owns it.
 */
export class TiedOutput implements Layer {
  readonly bias: Parameter;
  private x: Tensor | null = null;
  private readonly outputs = new Workspace();
  private readonly inputGrads = new Workspace();

  constructor(readonly name: string, readonly table: Parameter, private readonly kernel: Kernel) {
    this.bias = new Parameter(`${name}.bias`, [table.shape[0]]);
  }

  private get size(): number {
    return this.table.shape[0];
  }

  private get width(): number {
    return this.table.shape[1];
  }

  forward(x: Tensor /* (N,D) */, _mode: PassMode): Tensor /* (N,V) */ {
    const y = this.outputs.tensor(x.rows, this.size);
    // The bias first, row by row (copies), then the product added onto it: no pass over y in JavaScript.
    for (let r = 0; r < y.rows; r++) y.data.set(this.bias.values, r * y.cols);
    this.kernel.gemm(false, true, x.rows, this.size, this.width, 1, x.data, this.table.values, 1, y.data);
    this.x = x;
    return y;
  }

  backward(dy: Tensor /* (N,V) */, needInputGrad: boolean): Tensor | null /* (N,D) */ {
    const x = this.x;
    if (!x) throw new Error(`${this.name}: backward called before forward`);
    // dE += dyᵀ · x (V,D): the tied table learns from both of its uses
    if (this.table.requiresGrad) this.kernel.gemm(true, false, this.size, this.width, dy.rows, 1, dy.data, x.data, 1, this.table.grad);
    if (this.bias.requiresGrad) this.kernel.addColumnSums(dy.data, dy.rows, dy.cols, this.bias.grad);
    if (!needInputGrad) return null;
    const dx = this.inputGrads.tensor(dy.rows, this.width);
    this.kernel.gemm(false, false, dy.rows, this.width, this.size, 1, dy.data, this.table.values, 0, dx.data);
    return dx;
  }

  /** The bias only: the table is listed by the embedding that owns it. */
  parameters(): Parameter[] {
    return [this.bias];
  }
}
