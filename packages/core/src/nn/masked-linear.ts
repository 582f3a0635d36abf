// Masked linear layer: y = x · (W ⊙ M)ᵀ + b, learning values, structure (scores) or nothing.
// B = batch, I = inputs, O = outputs
import type { Kernel } from '../kernel/contract.js';
import { addColumnSums as columnSums, elementwiseOps, type ElementwiseOps } from '../kernel/reference/elementwise.js';
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
  private readonly ops: ElementwiseOps;
  private ones = new Float32Array(0);
  /** The mode of the last feature-major forward pass, whose backward pass checks it learned. */
  private featureMajorMode: PassMode = { training: true };

  constructor(readonly name: string, inputs: number, outputs: number, private readonly kernel: Kernel) {
    this.weight = new MaskedParameter(`${name}.weight`, outputs, inputs);
    this.bias = new Parameter(`${name}.bias`, [outputs]);
    this.ops = elementwiseOps(kernel); // the bias gradient's column sums: a JS loop cost ~0.25 ms a step
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
    if (this.bias.requiresGrad) this.ops.addColumnSums(dy.data, dy.rows, dy.cols, this.bias.grad);
    if (!needInputGrad) return null;
    const dx = this.inputGrads.tensor(dy.rows, weight.cols);
    this.kernel.maskedBackwardInput(dy, weight, dx);
    return dx;
  }

  /**
   * Whether this layer can run on feature-major activations: its kernel has the feature-major products and, for a
   * pass that learns, the layer learns its values or nothing (scores and dense gradients are batch-major only).
   * A pass that does not learn ignores how the layer learns: that setting outlives the phase that chose it, and a
   * resumed run does not restore it.
   */
  featureMajorReady(mode: PassMode): boolean {
    const k = this.kernel;
    const ops = Boolean(k.maskedForwardFeatureMajor && k.maskedBackwardInputFeatureMajor && k.maskedWeightGradFeatureMajor);
    return ops && (!mode.training || (this.weight.learning !== 'structure' && this.weight.denseGrad === null));
  }

  /** forward on feature-major activations: xT (I×B) in, yT (O×B) out. Requires `featureMajorReady(mode)`. */
  forwardFeatureMajor(xT: Tensor /* (I,B) */, mode: PassMode): Tensor /* (O,B) */ {
    this.x = xT;
    this.featureMajorMode = mode;
    const yT = this.outputs.tensor(this.weight.rows, xT.cols);
    this.featureMajorOp('maskedForwardFeatureMajor')(xT, this.weight, this.bias.values, yT);
    return yT;
  }

  /** backward on feature-major activations: dyT (O×B) in, dxT (I×B) out; after forwardFeatureMajor. */
  backwardFeatureMajor(dyT: Tensor /* (O,B) */, needInputGrad: boolean): Tensor | null /* (I,B) */ {
    const xT = this.x;
    if (!xT) throw new Error(`${this.name}: backward called before forward`);
    const weight = this.weight;
    const batch = dyT.cols;
    if (weight.learning === 'values' && weight.requiresGrad) {
      this.featureMajorOp('maskedWeightGradFeatureMajor')(dyT, xT, weight, weight.grad);
    }
    if (this.bias.requiresGrad) {
      // Row sums of dyT as 1ᵀ·dyTᵀ (1×B by B×O): one kernel product instead of a JavaScript loop over O×B, with the
      // single row on the side the GEMM pads least (a micro-tile's rows rather than its two vectors of columns).
      if (this.ones.length !== batch) this.ones = new Float32Array(batch).fill(1);
      this.kernel.gemm(false, true, 1, weight.rows, batch, 1, this.ones, dyT.data, 1, this.bias.grad);
    }
    if (!needInputGrad) return null;
    const dxT = this.inputGrads.tensor(weight.cols, batch);
    this.featureMajorOp('maskedBackwardInputFeatureMajor')(dyT, weight, dxT);
    return dxT;
  }

  private featureMajorOp<K extends 'maskedForwardFeatureMajor' | 'maskedBackwardInputFeatureMajor' | 'maskedWeightGradFeatureMajor'>(
    name: K): NonNullable<Kernel[K]> {
    const op = this.kernel[name];
    if (!op || !this.featureMajorReady(this.featureMajorMode)) {
      throw new Error(`${this.name}: feature-major activations need a kernel with ${name} and a layer learning values ` +
        `(kernel ${this.kernel.name}, learning ${this.weight.learning}); run it batch-major`);
    }
    return op.bind(this.kernel) as NonNullable<Kernel[K]>;
  }

  parameters(): Parameter[] {
    return [this.weight, this.bias];
  }
}

/** out[j] += Σ_r m[r, j] (the reference definition of the kernel op; layers with a kernel call its op). */
export function addColumnSums(m: Tensor, out: Float32Array): void {
  columnSums(m.data, m.rows, m.cols, out);
}
