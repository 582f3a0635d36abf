// SupSup's superposition of task masks: W ⊙ Σ_i α_i M_i in the body, Σ_i α_i head_i on top, and dH/dα by one backward pass.
// B = batch, C = classes, T = tasks
import { BitMask } from '../../mask/bit-mask.js';
import { MaskedParameter } from '../../mask/masked-parameter.js';
import type { Parameter } from '../../nn/parameter.js';
import type { Model } from '../../plugin/contracts/model.js';
import { Rng } from '../../tensor/rng.js';
import { Tensor } from '../../tensor/tensor.js';
import { freezeAll } from '../learning.js';

/** The head the superposed heads are written into while the superposition lasts. */
const SUPERPOSED_HEAD = 'supsup:superposition';

/** The mean entropy of softmax(logits) over rows, and its gradient with respect to the logits. */
export function outputEntropy(logits: Tensor /* (B,C) */): { entropy: number; dLogits: Tensor /* (B,C) */ } {
  const { rows, cols, data } = logits;
  const dLogits = Tensor.zeros(rows, cols);
  const p = new Float64Array(cols);
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const row = r * cols;
    let max = -Infinity;
    for (let c = 0; c < cols; c++) max = Math.max(max, data[row + c]!);
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += (p[c] = Math.exp(data[row + c]! - max));
    let h = 0;
    for (let c = 0; c < cols; c++) {
      p[c]! /= sum;
      if (p[c]! > 0) h -= p[c]! * Math.log(p[c]!);
    }
    total += h;
    // H = −Σ p log p  ⇒  ∂H/∂z_k = −p_k (log p_k + H); the mean over rows divides by B
    for (let c = 0; c < cols; c++) dLogits.data[row + c] = p[c]! > 0 ? (-p[c]! * (Math.log(p[c]!) + h)) / rows : 0;
  }
  return { entropy: total / rows, dLogits };
}

/**
 * The network with the masks of `tasks` superposed with weights α (Wortsman et al. 2020, eq. 3): every layer of
 * `layers` computes with W ⊙ Σ_i α_i M_i, and a scratch head holds Σ_i α_i head_i (the heads must agree in
 * shape). The layers' values are borrowed: `dispose` puts back the values, the active masks and the heads.
 */
export class MaskSuperposition {
  private readonly saved: Float32Array[];
  private readonly savedMasks: BitMask[];
  private readonly masks: BitMask[][];
  private readonly heads: Parameter[][];
  private readonly superposed: Parameter[];

  /** `head` is what the tasks' heads are: their classes and kind (the scratch head is made like them). */
  constructor(private readonly model: Model, private readonly layers: readonly MaskedParameter[], readonly tasks: readonly string[],
    head: { readonly classes: number; readonly kind: string }) {
    const first = model.headParameters(tasks[0]!);
    this.heads = tasks.map((task) => {
      const head = model.headParameters(task);
      if (head.length !== first.length || head.some((p, k) => p.size !== first[k]!.size)) {
        throw new Error(`task inference superposes the tasks' heads, which must have one shape — the head of "${task}" differs from that of "${tasks[0]}"`);
      }
      return head;
    });
    this.masks = layers.map((layer) => tasks.map((task) => {
      const mask = layer.taskMasks.get(task);
      if (!mask) throw new Error(`${layer.name}: no mask for task "${task}"`);
      return mask;
    }));
    this.saved = layers.map((layer) => layer.values.slice());
    this.savedMasks = layers.map((layer) => layer.mask.copy());
    // Its values are overwritten by every superposition; the stream only has to exist
    model.addHead(SUPERPOSED_HEAD, head.classes, head.kind, Rng.derive(0, SUPERPOSED_HEAD));
    this.superposed = model.headParameters(SUPERPOSED_HEAD);
    freezeAll(model);
    for (const layer of layers) {
      layer.setMask(BitMask.ones(layer.size));
      layer.learning = 'values';
      layer.requiresGrad = true;
    }
    for (const parameter of this.superposed) {
      parameter.requiresGrad = true;
      if (parameter instanceof MaskedParameter) {
        parameter.learning = 'values';
        parameter.setMask(BitMask.ones(parameter.size));
      }
    }
  }

  /** Mean output entropy over `inputs` with the masks weighted by `alpha` (T). */
  entropy(inputs: Tensor, alpha: ArrayLike<number>): number {
    this.load(alpha);
    return outputEntropy(this.model.forward(inputs, SUPERPOSED_HEAD, { training: false })).entropy;
  }

  /** The entropy and its gradient with respect to α: dH/dα_i = Σ (dH/dW_eff ⊙ W ⊙ M_i) + Σ dH/dhead ⊙ head_i. */
  entropyGradient(inputs: Tensor, alpha: ArrayLike<number>): { entropy: number; gradient: Float64Array } {
    this.load(alpha);
    for (const layer of this.layers) layer.zeroGrad();
    for (const parameter of this.superposed) parameter.zeroGrad();
    const { entropy, dLogits } = outputEntropy(this.model.forward(inputs, SUPERPOSED_HEAD, { training: false }));
    this.model.backward(dLogits);
    const gradient = new Float64Array(this.tasks.length);
    this.layers.forEach((layer, l) => {
      const weights = this.saved[l]!;
      const grad = layer.grad;
      this.masks[l]!.forEach((mask, i) => { gradient[i] += sumOverMask(grad, weights, mask); });
    });
    this.heads.forEach((head, i) => head.forEach((parameter, k) => {
      gradient[i] += dot(this.superposed[k]!.grad, valuesOf(parameter));
    }));
    return { entropy, gradient };
  }

  /** Puts the layers' values and masks back and removes the scratch head. */
  dispose(): void {
    this.layers.forEach((layer, l) => {
      layer.values.set(this.saved[l]!);
      layer.touch();
      layer.setMask(this.savedMasks[l]!);
      layer.zeroGrad();
    });
    this.model.removeHead(SUPERPOSED_HEAD);
    freezeAll(this.model);
  }

  private load(alpha: ArrayLike<number>): void {
    this.layers.forEach((layer, l) => {
      const weights = this.saved[l]!;
      const coefficient = new Float32Array(layer.size);
      this.masks[l]!.forEach((mask, i) => addOverMask(coefficient, mask, alpha[i]!));
      const values = layer.values;
      for (let j = 0; j < values.length; j++) values[j] = weights[j]! * coefficient[j]!;
      layer.touch();
    });
    this.superposed.forEach((parameter, k) => {
      const out = parameter.values;
      out.fill(0);
      this.heads.forEach((head, i) => {
        const source = valuesOf(head[k]!);
        for (let j = 0; j < out.length; j++) out[j] += alpha[i]! * source[j]!;
      });
      parameter.touch();
    });
  }
}

/** A head parameter as it computes: W ⊙ M for a masked weight, the values otherwise. */
function valuesOf(parameter: Parameter): Float32Array {
  return parameter instanceof MaskedParameter ? parameter.effective() : parameter.values;
}

/** out[j] += a for every j in `mask`, a word of 32 entries at a time. */
function addOverMask(out: Float32Array, mask: BitMask, a: number): void {
  const words = mask.words;
  for (let w = 0; w < words.length; w++) {
    let bits = words[w]!;
    while (bits !== 0) {
      const bit = 31 - Math.clz32(bits & -bits);
      out[w * 32 + bit] += a;
      bits &= bits - 1;
    }
  }
}

/** Σ_{j ∈ mask} grad[j] · weights[j]. */
function sumOverMask(grad: Float32Array, weights: Float32Array, mask: BitMask): number {
  const words = mask.words;
  let sum = 0;
  for (let w = 0; w < words.length; w++) {
    let bits = words[w]!;
    while (bits !== 0) {
      const j = w * 32 + 31 - Math.clz32(bits & -bits);
      sum += grad[j]! * weights[j]!;
      bits &= bits - 1;
    }
  }
  return sum;
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let j = 0; j < a.length; j++) sum += a[j]! * b[j]!;
  return sum;
}
