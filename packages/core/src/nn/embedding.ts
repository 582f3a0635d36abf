// Embedding lookup: row i of the output is row ids[i] of a (V × D) table; backward scatters into the table.
// N = looked-up entries (B·T tokens), V = table rows (vocabulary), D = width
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

  constructor(readonly name: string, readonly size: number, readonly width: number) {
    this.table = new Parameter(`${name}.weight`, [size, width]);
  }

  forward(ids: Tensor /* N ids */, _mode: PassMode): Tensor /* (N,D) */ {
    const count = ids.data.length;
    const y = this.outputs.tensor(count, this.width);
    const table = this.table.values;
    const width = this.width;
    for (let i = 0; i < count; i++) {
      const id = this.check(ids.data[i]);
      y.data.set(table.subarray(id * width, id * width + width), i * width);
    }
    this.ids = ids; // backward scatters by the same ids
    return y;
  }

  backward(dy: Tensor /* (N,D) */, _needInputGrad: boolean): null {
    const ids = this.ids;
    if (!ids) throw new Error(`${this.name}: backward called before forward`);
    if (!this.table.requiresGrad) return null;
    const grad = this.table.grad;
    const width = this.width;
    for (let i = 0; i < ids.data.length; i++) {
      const at = ids.data[i] * width;
      const from = i * width;
      for (let j = 0; j < width; j++) grad[at + j] += dy.data[from + j];
    }
    return null;
  }

  parameters(): Parameter[] {
    return [this.table];
  }

  private check(value: number): number {
    if (!Number.isInteger(value) || value < 0 || value >= this.size) {
      throw new RangeError(`${this.name}: id ${value} outside the table of ${this.size} rows`);
    }
    return value;
  }
}
