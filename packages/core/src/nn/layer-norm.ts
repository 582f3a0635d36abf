// Layer normalisation over the feature dimension (Ba et al. 2016): y = (x − μ) / √(σ² + ε) · γ + β, per row.
// N = rows (tokens), D = features
import { Tensor } from '../tensor/tensor.js';
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

  constructor(readonly name: string, readonly width: number, private readonly epsilon = 1e-12) {
    this.gain = new Parameter(`${name}.weight`, [width], new Float32Array(width).fill(1));
    this.shift = new Parameter(`${name}.bias`, [width]);
  }

  forward(x: Tensor /* (N,D) */, _mode: PassMode): Tensor /* (N,D) */ {
    const { rows, cols } = x;
    if (cols !== this.width) throw new RangeError(`${this.name}: expected ${this.width} features, got ${cols}`);
    const y = this.outputs.tensor(rows, cols);
    const xhat = this.normalizedBuffer.tensor(rows, cols);
    if (this.inverseStd.length !== rows) this.inverseStd = new Float32Array(rows);
    const gain = this.gain.values;
    const shift = this.shift.values;
    for (let r = 0; r < rows; r++) {
      const at = r * cols;
      let mean = 0;
      for (let j = 0; j < cols; j++) mean += x.data[at + j];
      mean /= cols;
      let variance = 0;
      for (let j = 0; j < cols; j++) {
        const centred = x.data[at + j] - mean;
        variance += centred * centred;
      }
      const inverse = 1 / Math.sqrt(variance / cols + this.epsilon);
      this.inverseStd[r] = inverse;
      for (let j = 0; j < cols; j++) {
        const n = (x.data[at + j] - mean) * inverse;
        xhat.data[at + j] = n;
        y.data[at + j] = n * gain[j] + shift[j];
      }
    }
    this.normalized = xhat; // backward needs x̂ and 1/σ only
    return y;
  }

  backward(dy: Tensor /* (N,D) */, needInputGrad: boolean): Tensor | null /* (N,D) */ {
    const xhat = this.normalized;
    if (!xhat) throw new Error(`${this.name}: backward called before forward`);
    const { rows, cols } = dy;
    const gain = this.gain.values;
    if (this.gain.requiresGrad || this.shift.requiresGrad) {
      const dGain = this.gain.grad;
      const dShift = this.shift.grad;
      for (let r = 0; r < rows; r++) {
        const at = r * cols;
        for (let j = 0; j < cols; j++) {
          if (this.gain.requiresGrad) dGain[j] += dy.data[at + j] * xhat.data[at + j];
          if (this.shift.requiresGrad) dShift[j] += dy.data[at + j];
        }
      }
    }
    if (!needInputGrad) return null;
    const dx = this.inputGrads.tensor(rows, cols);
    for (let r = 0; r < rows; r++) {
      const at = r * cols;
      // dx = (1/σ)(dx̂ − mean(dx̂) − x̂ · mean(dx̂ ⊙ x̂)), with dx̂ = dy ⊙ γ
      let meanD = 0;
      let meanDX = 0;
      for (let j = 0; j < cols; j++) {
        const d = dy.data[at + j] * gain[j];
        meanD += d;
        meanDX += d * xhat.data[at + j];
      }
      meanD /= cols;
      meanDX /= cols;
      const inverse = this.inverseStd[r];
      for (let j = 0; j < cols; j++) {
        dx.data[at + j] = inverse * (dy.data[at + j] * gain[j] - meanD - xhat.data[at + j] * meanDX);
      }
    }
    return dx;
  }

  parameters(): Parameter[] {
    return [this.gain, this.shift];
  }
}
