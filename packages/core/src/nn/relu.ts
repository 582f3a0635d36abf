// ReLU: y = max(x, 0); dy passes where x > 0.
import type { Tensor } from '../tensor/tensor.js';
import type { Layer, PassMode } from './layer.js';
import type { Parameter } from './parameter.js';
import { Workspace } from './workspace.js';

export class ReLU implements Layer {
  private y: Tensor | null = null;
  private readonly outputs = new Workspace();
  private readonly inputGrads = new Workspace();

  constructor(readonly name: string) {}

  forward(x: Tensor, _mode: PassMode): Tensor {
    const y = this.outputs.tensor(x.rows, x.cols);
    for (let i = 0; i < x.data.length; i++) y.data[i] = x.data[i] > 0 ? x.data[i] : 0;
    this.y = y; // y > 0 exactly where x > 0, so the output is all backward needs
    return y;
  }

  backward(dy: Tensor, needInputGrad: boolean): Tensor | null {
    if (!needInputGrad) return null;
    const y = this.y;
    if (!y) throw new Error(`${this.name}: backward called before forward`);
    const dx = this.inputGrads.tensor(dy.rows, dy.cols);
    for (let i = 0; i < dy.data.length; i++) dx.data[i] = y.data[i] > 0 ? dy.data[i] : 0;
    return dx;
  }

  parameters(): Parameter[] {
    return [];
  }
}
