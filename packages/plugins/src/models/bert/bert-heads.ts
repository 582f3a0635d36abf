// The heads a BERT body can carry: a [CLS] classifier over the shared pooler, and a masked-language-model head tied to the token embeddings.
// B = batch, T = sequence length, D = width, C = classes, V = vocabulary
import {
  GELU, LayerNorm, MaskedLinear, Tanh, TiedOutput, Workspace, xavierUniform,
  type Kernel, type Parameter, type PassMode, type Rng, type Tensor,
} from '@ontogeny/core';

/** A task's head: reads the encoder's (B·T × D) output and returns logits; backward returns ∂L/∂(encoder output). */
export interface BertHead {
  readonly kind: string;
  readonly classes: number;
  forward(sequence: Tensor, length: number, mode: PassMode): Tensor;
  backward(dLogits: Tensor): Tensor;
  parameters(): Parameter[];
}

/** BERT's pooler: tanh(W·h_[CLS] + b), part of the body and shared by every classification head (Zhao et al. mask it). */
export class Pooler {
  readonly dense: MaskedLinear;
  private readonly tanh: Tanh;

  constructor(name: string, width: number, kernel: Kernel) {
    this.dense = new MaskedLinear(`${name}.dense`, width, width, kernel);
    this.tanh = new Tanh(`${name}.tanh`);
  }

  forward(cls: Tensor /* (B,D) */, mode: PassMode): Tensor /* (B,D) */ {
    return this.tanh.forward(this.dense.forward(cls, mode), mode);
  }

  backward(dy: Tensor /* (B,D) */): Tensor /* (B,D) */ {
    return this.dense.backward(this.tanh.backward(dy, true) as Tensor, true) as Tensor;
  }
}

/** logits = W_c · pooler(h_[CLS]) + b_c, one per task. */
export class ClassificationHead implements BertHead {
  readonly kind = 'classify';
  readonly classifier: MaskedLinear;
  private readonly cls = new Workspace(); // (B,D)
  private readonly dSequence = new Workspace(); // (B·T,D)
  private length = 0;

  constructor(name: string, readonly classes: number, private readonly width: number, private readonly pooler: Pooler,
    kernel: Kernel, rng: Rng) {
    this.classifier = new MaskedLinear(`${name}.classifier`, width, classes, kernel);
    xavierUniform(this.classifier.weight.values, width, classes, rng);
  }

  forward(sequence: Tensor /* (B·T,D) */, length: number, mode: PassMode): Tensor /* (B,C) */ {
    const B = sequence.rows / length;
    this.length = length;
    const cls = this.cls.tensor(B, this.width);
    for (let b = 0; b < B; b++) cls.data.set(sequence.data.subarray(b * length * this.width, (b * length + 1) * this.width), b * this.width);
    return this.classifier.forward(this.pooler.forward(cls, mode), mode);
  }

  backward(dLogits: Tensor /* (B,C) */): Tensor /* (B·T,D) */ {
    const dCls = this.pooler.backward(this.classifier.backward(dLogits, true) as Tensor);
    const B = dCls.rows;
    const d = this.dSequence.tensor(B * this.length, this.width);
    d.data.fill(0); // only the [CLS] rows reach the head
    for (let b = 0; b < B; b++) d.data.set(dCls.data.subarray(b * this.width, (b + 1) * this.width), b * this.length * this.width);
    return d;
  }

  parameters(): Parameter[] {
    return this.classifier.parameters();
  }
}

/** BERT's MLM head: LN(GELU(W·h + b)) scored against every token embedding (the decoder is tied to them). */
export class MaskedLanguageModelHead implements BertHead {
  readonly kind = 'mlm';
  readonly transform: MaskedLinear;
  private readonly gelu: GELU;
  readonly norm: LayerNorm;
  readonly decoder: TiedOutput;

  constructor(name: string, width: number, tokenTable: Parameter, kernel: Kernel, rng: Rng) {
    this.transform = new MaskedLinear(`${name}.transform`, width, width, kernel);
    xavierUniform(this.transform.weight.values, width, width, rng);
    this.gelu = new GELU(`${name}.gelu`, kernel);
    this.norm = new LayerNorm(`${name}.norm`, width, kernel);
    this.decoder = new TiedOutput(`${name}.decoder`, tokenTable, kernel);
  }

  get classes(): number {
    return this.decoder.table.shape[0];
  }

  forward(sequence: Tensor /* (B·T,D) */, _length: number, mode: PassMode): Tensor /* (B·T,V) */ {
    const h = this.norm.forward(this.gelu.forward(this.transform.forward(sequence, mode), mode), mode);
    return this.decoder.forward(h, mode);
  }

  backward(dLogits: Tensor /* (B·T,V) */): Tensor /* (B·T,D) */ {
    const dh = this.norm.backward(this.decoder.backward(dLogits, true) as Tensor, true) as Tensor;
    return this.transform.backward(this.gelu.backward(dh, true) as Tensor, true) as Tensor;
  }

  /** The transform, its norm and the decoder's bias; the tied table belongs to the body. */
  parameters(): Parameter[] {
    return [...this.transform.parameters(), ...this.norm.parameters(), ...this.decoder.parameters()];
  }
}
