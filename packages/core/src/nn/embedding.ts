// Embedding lookup: row i of the output is row ids[i] of a (V × D) table; backward scatters into the table.
// N = looked-up entries (B·T tokens), V = table rows (vocabulary), D = width
import type { Kernel } from '../kernel/contract.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Layer, PassMode } from './layer.js';
import { Parameter } from './parameter.js';
import { Workspace } from './workspace.js';

/**
 * A table of V vectors of width D. The input carries integer ids as float32 values, any shape with N entries
 * in all (a (B × T) batch of token ids gives a (B·T × D) output). Ids have no gradient, so backward
 * returns null.
 */
export class Embedding implements Layer {
  readonly table: Parameter;
  private ids: Tensor | null = null;
  private readonly outputs = new Workspace();
  constructor(readonly name: string, readonly size: number, readonly width: number, private readonly kernel: Kernel) {
    this.table = new Parameter(`${name}.weight`, [size, width]);
  }

  forward(ids: Tensor /* N ids */, _mode: PassMode): Tensor /* (N,D) */ {
    const y = this.outputs.tensor(ids.data.length, this.width);
    try {
      this.kernel.embeddingGather(ids.data, this.table.values, this.width, y.data);
    } catch (error) {
      throw new RangeError(`${this.name}: ${(error as Error).message}`, { cause: error });
    }
    this.ids = ids; // backward scatters by the same ids
    return y;
  }

  backward(dy: Tensor /* (N,D) */, _needInputGrad: boolean): null {
    const ids = this.ids;
    if (!ids) throw new Error(`${this.name}: backward called before forward`);
    if (!this.table.requiresGrad) return null;
    this.kernel.embeddingScatterAdd(ids.data, dy.data, this.width, this.table.grad);
    return null;
  }

  parameters(): Parameter[] {
    return [this.table];
  }
}
