// Masked linear layer: y = x · (W ⊙ M)ᵀ + b, learning values, structure (scores) or nothing.
// B = batch, I = inputs, O = outputs
import type { Kernel } from '../kernel/contract.js';
import { addColumnSums as columnSums } from '../kernel/reference/elementwise.js';
import { MaskedParameter } from '../mask/masked-parameter.js';
import { Tensor } from '../tensor/tensor.js';
import type { Layer, PassMode } from './layer.js';
import { Parameter } from './parameter.js';
import { Workspace } from './workspace.js';

export class MaskedLinear implements Layer {
  readonly weight: MaskedParameter;
  readonly bias: Parameter;
  private x: Tensor | null = null;
  private readonly outputs = new Workspace();
  private readonly inputGrads = new Workspace();

  constructor(readonly name: string, inputs: number, outputs: number, private readonly kernel: Kernel) {
    this.weight = new MaskedParameter(`${name}.weight`, outputs, inputs);
    this.bias = new Parameter(`${name}.bias`, [outputs]);
  }

  forward(x: Tensor /* (B,I) */, _mode: PassMode): Tensor /* (B,O) */ {
    this.x = x; // backward needs the input and nothing else
    const y = this.outputs.tensor(x.rows, this.weight.rows);
    this.kernel.maskedForward(x, this.weight, this.bias.values, y);
    return y;
  }

  backward(dy: Tensor /* (B,O) */, needInputGrad: boolean): Tensor | null /* (B,I) */ {
    const x = this.x;
    if (!x) throw new Error(`${this.name}: backward called before forward`);
    const weight = this.weight;
    if (weight.learning === 'values' && weight.requiresGrad) this.kernel.maskedWeightGrad(dy, x, weight, weight.grad);
    if (weight.learning === 'structure' && weight.scores) this.kernel.scoreGrad(dy, x, weight, weight.scores.grad);
    if (weight.denseGrad) this.kernel.gemm(true, false, weight.rows, weight.cols, dy.rows, 1, dy.data, x.data, 1, weight.denseGrad);
    if (this.bias.requiresGrad) this.kernel.addColumnSums(dy.data, dy.rows, dy.cols, this.bias.grad);
    if (!needInputGrad) return null;
    const dx = this.inputGrads.tensor(dy.rows, weight.cols);
    this.kernel.maskedBackwardInput(dy, weight, dx);
    return dx;
  }

  parameters(): Parameter[] {
    return [this.weight, this.bias];
  }
}

/** out[j] += Σ_r m[r, j] (the reference definition of the kernel op; layers with a kernel call its op). */
export function addColumnSums(m: Tensor, out: Float32Array): void {
  columnSums(m.data, m.rows, m.cols, out);
}
