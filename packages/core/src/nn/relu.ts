// ReLU: y = max(x, 0); dy passes where x > 0.
import type { Kernel } from '../kernel/contract.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Layer, PassMode } from './layer.js';
import type { Parameter } from './parameter.js';
import { Workspace } from './workspace.js';

export class ReLU implements Layer {
  private y: Tensor | null = null;
  private readonly outputs = new Workspace();
  private readonly inputGrads = new Workspace();
  constructor(readonly name: string, private readonly kernel: Kernel) {
  }

  forward(x: Tensor, _mode: PassMode): Tensor {
    const y = this.outputs.tensor(x.rows, x.cols);
    this.kernel.relu(x.data, y.data);
    this.y = y; // y > 0 exactly where x > 0, so the output is all backward needs
    return y;
  }

  backward(dy: Tensor, needInputGrad: boolean): Tensor | null {
    if (!needInputGrad) return null;
    const y = this.y;
    if (!y) throw new Error(`${this.name}: backward called before forward`);
    const dx = this.inputGrads.tensor(dy.rows, dy.cols);
    this.kernel.reluBackward(y.data, dy.data, dx.data);
    return dx;
  }

  parameters(): Parameter[] {
    return [];
  }
}
