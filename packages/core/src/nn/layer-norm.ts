// Layer normalisation over the feature dimension (Ba et al. 2016): y = (x − μ) / √(σ² + ε) · γ + β, per row.
// N = rows (tokens), D = features
import type { Kernel } from '../kernel/contract.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Layer, PassMode } from './layer.js';
import { Parameter } from './parameter.js';
import { Workspace } from './workspace.js';

export class LayerNorm implements Layer {
  readonly gain: Parameter;
  readonly shift: Parameter;
  private normalized: Tensor | null = null; // x̂ (N,D)
  private inverseStd = new Float32Array(0); // 1/σ (N)
  private readonly outputs = new Workspace();
  private readonly normalizedBuffer = new Workspace();
  private readonly inputGrads = new Workspace();
  constructor(readonly name: string, readonly width: number, private readonly kernel: Kernel, private readonly epsilon = 1e-12) {
    this.gain = new Parameter(`${name}.weight`, [width], new Float32Array(width).fill(1));
    this.shift = new Parameter(`${name}.bias`, [width]);
  }

  forward(x: Tensor /* (N,D) */, _mode: PassMode): Tensor /* (N,D) */ {
    const { rows, cols } = x;
    if (cols !== this.width) throw new RangeError(`${this.name}: expected ${this.width} features, got ${cols}`);
    const y = this.outputs.tensor(rows, cols);
    const xhat = this.normalizedBuffer.tensor(rows, cols);
    if (this.inverseStd.length !== rows) this.inverseStd = new Float32Array(rows);
    this.kernel.layerNorm(x.data, rows, cols, this.gain.values, this.shift.values, this.epsilon, y.data, xhat.data, this.inverseStd);
    this.normalized = xhat; // backward needs x̂ and 1/σ only
    return y;
  }

  backward(dy: Tensor /* (N,D) */, needInputGrad: boolean): Tensor | null /* (N,D) */ {
    const xhat = this.normalized;
    if (!xhat) throw new Error(`${this.name}: backward called before forward`);
    const { rows, cols } = dy;
    const dx = needInputGrad ? this.inputGrads.tensor(rows, cols) : null;
    this.kernel.layerNormBackward(dy.data, xhat.data, this.inverseStd, rows, cols, this.gain.values, dx?.data ?? null,
      this.gain.requiresGrad ? this.gain.grad : null, this.shift.requiresGrad ? this.shift.grad : null);
    return dx;
  }

  parameters(): Parameter[] {
    return [this.gain, this.shift];
  }
}
