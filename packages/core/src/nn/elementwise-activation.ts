// The common shape of elementwise activations: y = f(x) entry by entry, dx = dy ⊙ f′, with reused buffers.
import type { Tensor } from '../tensor/tensor.js';
import type { Layer, PassMode } from './layer.js';
import type { Parameter } from './parameter.js';
import { Workspace } from './workspace.js';

/**
 * Subclasses give f and f′. f′ is computed from the input x and the output y of the same entry, so each
 * activation can use whichever is cheaper (tanh′ = 1 − y², GELU′ needs x).
 */
export abstract class ElementwiseActivation implements Layer {
  private x: Tensor | null = null;
  private y: Tensor | null = null;
  private readonly outputs = new Workspace();
  private readonly inputGrads = new Workspace();

  constructor(readonly name: string) {}

  protected abstract value(x: number): number;
  protected abstract slope(x: number, y: number): number;

  forward(x: Tensor, _mode: PassMode): Tensor {
    const y = this.outputs.tensor(x.rows, x.cols);
    for (let i = 0; i < x.data.length; i++) y.data[i] = this.value(x.data[i]);
    this.x = x; // the layer before keeps x alive until its own backward, so holding it costs nothing
    this.y = y;
    return y;
  }

  backward(dy: Tensor, needInputGrad: boolean): Tensor | null {
    if (!needInputGrad) return null;
    const { x, y } = this;
    if (!x || !y) throw new Error(`${this.name}: backward called before forward`);
    const dx = this.inputGrads.tensor(dy.rows, dy.cols);
    for (let i = 0; i < dy.data.length; i++) dx.data[i] = dy.data[i] * this.slope(x.data[i], y.data[i]);
    return dx;
  }

  parameters(): Parameter[] {
    return [];
  }
}
