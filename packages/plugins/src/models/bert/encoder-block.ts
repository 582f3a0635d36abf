// One transformer encoder block: self-attention and a GELU feed-forward, each with a residual path and layer norm.
// B = batch, T = sequence length, D = width, F = feed-forward width
import {
  GELU, LayerNorm, MaskedLinear, MultiHeadAttention, Workspace, 
  type Kernel, type Layer, type Parameter, type PassMode, type Tensor,
} from '@ontogeny/core';

/** Where layer norm sits: after each residual sum (BERT, 'post') or before each sub-layer (GPT-2, 'pre'). */
export type NormPlacement = 'pre' | 'post';

/**
 * post: h = LN₁(x + MHA(x)),   y = LN₂(h + FFN(h))
 * pre:  h = x + MHA(LN₁(x)),   y = h + FFN(LN₂(h))
 */
export class EncoderBlock implements Layer {
  readonly attention: MultiHeadAttention;
  readonly norm1: LayerNorm;
  readonly norm2: LayerNorm;
  readonly ffnIn: MaskedLinear;
  readonly ffnOut: MaskedLinear;
  private readonly gelu: GELU;
  private readonly hidden = new Workspace(); // h (B·T,D)
  private readonly result = new Workspace(); // y in pre-norm (B·T,D)
  private readonly dHidden = new Workspace();
  private readonly dInput = new Workspace();
  /** The block's output of the last forward, for electrodes. */
  lastOutput: Tensor | null = null;

  constructor(readonly name: string, width: number, heads: number, ffnWidth: number,
    readonly placement: NormPlacement, private readonly kernel: Kernel) {
    this.attention = new MultiHeadAttention(`${name}.attention`, width, heads, kernel);
    this.norm1 = new LayerNorm(`${name}.norm1`, width, kernel);
    this.norm2 = new LayerNorm(`${name}.norm2`, width, kernel);
    this.ffnIn = new MaskedLinear(`${name}.ffn.in`, width, ffnWidth, kernel);
    this.gelu = new GELU(`${name}.ffn.gelu`, kernel);
    this.ffnOut = new MaskedLinear(`${name}.ffn.out`, ffnWidth, width, kernel);
  }

  setSequence(length: number, keyValid: Uint8Array | null): void {
    this.attention.setSequence(length, keyValid);
  }

  forward(x: Tensor /* (B·T,D) */, mode: PassMode): Tensor /* (B·T,D) */ {
    let y: Tensor;
    if (this.placement === 'post') {
      const h = this.norm1.forward(this.sum(this.hidden, x, this.attention.forward(x, mode)), mode);
      y = this.norm2.forward(this.sum(this.result, h, this.feedForward(h, mode)), mode);
    } else {
      const h = this.sum(this.hidden, x, this.attention.forward(this.norm1.forward(x, mode), mode));
      y = this.sum(this.result, h, this.feedForward(this.norm2.forward(h, mode), mode));
    }
    this.lastOutput = y;
    return y;
  }

  backward(dy: Tensor /* (B·T,D) */, needInputGrad: boolean): Tensor | null /* (B·T,D) */ {
    if (this.placement === 'post') {
      const dz2 = this.norm2.backward(dy, true) as Tensor; // ∂L/∂(h + FFN(h))
      const dh = this.sum(this.dHidden, dz2, this.feedForwardBackward(dz2));
      const dz1 = this.norm1.backward(dh, true) as Tensor; // ∂L/∂(x + MHA(x))
      const dAttention = this.attention.backward(dz1, needInputGrad);
      return needInputGrad ? this.sum(this.dInput, dz1, dAttention as Tensor) : null;
    }
    const dh = this.sum(this.dHidden, dy, this.norm2.backward(this.feedForwardBackward(dy), true) as Tensor);
    const dAttention = this.attention.backward(dh, true) as Tensor;
    const dNorm1 = this.norm1.backward(dAttention, needInputGrad);
    return needInputGrad ? this.sum(this.dInput, dh, dNorm1 as Tensor) : null;
  }

  parameters(): Parameter[] {
    return [
      ...this.norm1.parameters(), ...this.attention.parameters(), ...this.norm2.parameters(),
      ...this.ffnIn.parameters(), ...this.ffnOut.parameters(),
    ];
  }

  /** out ← a + b, in a buffer of `into`. */
  private sum(into: Workspace, a: Tensor, b: Tensor): Tensor {
    const out = into.tensor(a.rows, a.cols);
    this.kernel.add(a.data, b.data, out.data);
    return out;
  }

  private feedForward(x: Tensor, mode: PassMode): Tensor {
    return this.ffnOut.forward(this.gelu.forward(this.ffnIn.forward(x, mode), mode), mode);
  }

  private feedForwardBackward(dy: Tensor): Tensor {
    const dHiddenFfn = this.ffnOut.backward(dy, true) as Tensor;
    return this.ffnIn.backward(this.gelu.backward(dHiddenFfn, true) as Tensor, true) as Tensor;
  }
}
