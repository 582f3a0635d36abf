// GELU, tanh form (Hendrycks & Gimpel 2016, as BERT's and GPT-2's code compute it): y = ½x(1 + tanh(√(2/π)(x + 0.044715x³))).
import type { Kernel } from '../kernel/contract.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Layer, PassMode } from './layer.js';
import type { Parameter } from './parameter.js';
import { Workspace } from './workspace.js';

export class GELU implements Layer {
  private x: Tensor | null = null;
  private readonly outputs = new Workspace();
  private readonly inputGrads = new Workspace();
  constructor(readonly name: string, private readonly kernel: Kernel) {
  }

  forward(x: Tensor, _mode: PassMode): Tensor {
    const y = this.outputs.tensor(x.rows, x.cols);
    this.kernel.gelu(x.data, y.data);
    this.x = x; // the slope needs x; the layer before keeps it alive until its own backward
    return y;
  }

  backward(dy: Tensor, needInputGrad: boolean): Tensor | null {
    if (!needInputGrad) return null;
    const x = this.x;
    if (!x) throw new Error(`${this.name}: backward called before forward`);
    const dx = this.inputGrads.tensor(dy.rows, dy.cols);
    this.kernel.geluBackward(x.data, dy.data, dx.data);
    return dx;
  }

  parameters(): Parameter[] {
    return [];
  }
}
