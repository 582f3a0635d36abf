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
  /** The mode of the last feature-major forward pass, whose backward pass checks it learned. */
  private featureMajorMode: PassMode = { training: true };

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

  /**
   * Whether this layer can run on feature-major activations: for a pass that learns, the layer learns its values
   * or nothing (scores and dense gradients are batch-major only).
   * A pass that does not learn ignores how the layer learns: that setting outlives the phase that chose it, and a
   * resumed run does not restore it.
   */
  featureMajorReady(mode: PassMode): boolean {
    return !mode.training || (this.weight.learning !== 'structure' && this.weight.denseGrad === null);
  }

  /** forward on feature-major activations: xT (I×B) in, yT (O×B) out. Requires `featureMajorReady(mode)`. */
  forwardFeatureMajor(xT: Tensor /* (I,B) */, mode: PassMode): Tensor /* (O,B) */ {
    this.x = xT;
    this.featureMajorMode = mode;
    const yT = this.outputs.tensor(this.weight.rows, xT.cols);
    this.checkFeatureMajor();
    this.kernel.maskedForwardFeatureMajor(xT, this.weight, this.bias.values, yT);
    return yT;
  }

  /** backward on feature-major activations: dyT (O×B) in, dxT (I×B) out; after forwardFeatureMajor. */
  backwardFeatureMajor(dyT: Tensor /* (O,B) */, needInputGrad: boolean): Tensor | null /* (I,B) */ {
    const xT = this.x;
    if (!xT) throw new Error(`${this.name}: backward called before forward`);
    const weight = this.weight;
    const batch = dyT.cols;
    if (weight.learning === 'values' && weight.requiresGrad) {
      this.checkFeatureMajor();
      this.kernel.maskedWeightGradFeatureMajor(dyT, xT, weight, weight.grad);
    }
    if (this.bias.requiresGrad) this.kernel.addRowSums(dyT.data, weight.rows, batch, this.bias.grad);
    if (!needInputGrad) return null;
    const dxT = this.inputGrads.tensor(weight.cols, batch);
    this.checkFeatureMajor();
    this.kernel.maskedBackwardInputFeatureMajor(dyT, weight, dxT);
    return dxT;
  }

  private checkFeatureMajor(): void {
    if (!this.featureMajorReady(this.featureMajorMode)) {
      throw new Error(`${this.name}: feature-major activations need a layer learning values (learning ${this.weight.learning}); run it batch-major`);
    }
  }

  parameters(): Parameter[] {
    return [this.weight, this.bias];
  }
}

/** out[j] += Σ_r m[r, j] (the reference definition of the kernel op; layers with a kernel call its op). */
export function addColumnSums(m: Tensor, out: Float32Array): void {
  columnSums(m.data, m.rows, m.cols, out);
}
