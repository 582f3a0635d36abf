// GELU, tanh form (Hendrycks & Gimpel 2016, as BERT's and GPT-2's code compute it): y = ½x(1 + tanh(√(2/π)(x + 0.044715x³))).
import type { Tensor } from '../tensor/tensor.js';
import type { Layer, PassMode } from './layer.js';
import type { Parameter } from './parameter.js';
import { Workspace } from './workspace.js';

const C = Math.sqrt(2 / Math.PI);
const A = 0.044715;

export class GELU implements Layer {
  private x: Tensor | null = null;
  private readonly outputs = new Workspace();
  private readonly inputGrads = new Workspace();

  constructor(readonly name: string) {}

  forward(x: Tensor, _mode: PassMode): Tensor {
    this.x = x; // the derivative needs x itself, not y
    const y = this.outputs.tensor(x.rows, x.cols);
    const xs = x.data;
    const ys = y.data;
    for (let i = 0; i < xs.length; i++) {
      const v = xs[i];
      ys[i] = 0.5 * v * (1 + Math.tanh(C * (v + A * v * v * v)));
    }
    return y;
  }

  backward(dy: Tensor, needInputGrad: boolean): Tensor | null {
    if (!needInputGrad) return null;
    const x = this.x;
    if (!x) throw new Error(`${this.name}: backward called before forward`);
    const dx = this.inputGrads.tensor(dy.rows, dy.cols);
    const xs = x.data;
    for (let i = 0; i < xs.length; i++) {
      const v = xs[i];
      const t = Math.tanh(C * (v + A * v * v * v));
      // d/dv [½v(1 + t)] = ½(1 + t) + ½v(1 − t²)·C(1 + 3Av²)
      const slope = 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * C * (1 + 3 * A * v * v);
      dx.data[i] = dy.data[i] * slope;
    }
    return dx;
  }

  parameters(): Parameter[] {
    return [];
  }
}
