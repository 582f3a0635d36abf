// Tanh activation (BERT's pooler): y = tanh(x); dx = dy · (1 − y²).
import type { Tensor } from '../tensor/tensor.js';
import type { Layer, PassMode } from './layer.js';
import type { Parameter } from './parameter.js';
import { Workspace } from './workspace.js';

export class Tanh implements Layer {
  private y: Tensor | null = null;
  private readonly outputs = new Workspace();
  private readonly inputGrads = new Workspace();

  constructor(readonly name: string) {}

  forward(x: Tensor, _mode: PassMode): Tensor {
    const y = this.outputs.tensor(x.rows, x.cols);
    for (let i = 0; i < x.data.length; i++) y.data[i] = Math.tanh(x.data[i]);
    this.y = y; // the derivative is a function of the output alone
    return y;
  }

  backward(dy: Tensor, needInputGrad: boolean): Tensor | null {
    if (!needInputGrad) return null;
    const y = this.y;
    if (!y) throw new Error(`${this.name}: backward called before forward`);
    const dx = this.inputGrads.tensor(dy.rows, dy.cols);
    for (let i = 0; i < dy.data.length; i++) dx.data[i] = dy.data[i] * (1 - y.data[i] * y.data[i]);
    return dx;
  }

  parameters(): Parameter[] {
    return [];
  }
}
