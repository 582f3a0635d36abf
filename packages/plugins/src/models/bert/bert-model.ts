// The BERT-like encoder as a Model: embeddings, L encoder blocks, a shared pooler, and one head per task; plus its BERTology API.
// B = batch, T = sequence length, D = width, H = heads, L = layers
import {
  LayerNorm, normal, xavierUniform,
  type Checkpointable, type Kernel, type MaskedParameter, type Model, type OptionsOf, type Parameter, type PassMode, type PluginState, type Rng, type Tensor,
} from '@ontogeny/core';
import { BertEmbeddings } from './bert-embeddings.js';
import { ClassificationHead, MaskedLanguageModelHead, Pooler, type BertHead } from './bert-heads.js';
import { EncoderBlock } from './encoder-block.js';

const IMPORTANCE_DECAY = 0.99;

/** The JSON Schema of the `bert` plugin's options. */
export const bertOptions = {
  type: 'object',
  additionalProperties: false,
  properties: {
    width: { type: 'integer', minimum: 8, maximum: 512, default: 64, description: 'Model width D (a multiple of heads).' },
    layers: { type: 'integer', minimum: 1, maximum: 12, default: 2, description: 'Encoder blocks L.' },
    heads: { type: 'integer', minimum: 1, maximum: 16, default: 4, description: 'Attention heads per block H.' },
    ffnWidth: { type: 'integer', minimum: 8, maximum: 4096, default: 128, description: 'Width of the feed-forward hidden layer.' },
    norm: { enum: ['post', 'pre'], default: 'post', description: "Layer norm after each residual sum (BERT, 'post') or before each sub-layer ('pre')." },
    maxLength: { type: 'integer', minimum: 2, maximum: 512, default: 32, description: 'Longest sequence (rows of the position embedding).' },
    padToken: { type: 'integer', minimum: 0, default: 0, description: 'Token id of [PAD]: never attended to.' },
    sepToken: { type: 'integer', minimum: 0, default: 2, description: 'Token id of [SEP]: positions after the first one are segment B.' },
    embeddingStd: { type: 'number', exclusiveMinimum: 0, default: 0.02, description: 'Standard deviation of the embeddings\' normal initialisation.' },
  },
} as const;

/** The `bert` plugin's options after validation and defaults. */
export type BertOptions = OptionsOf<typeof bertOptions>;

/** What the last forward pass saw inside the encoder, for electrodes. */
export interface EncoderProbe {
  readonly batch: number;
  readonly length: number;
  /** Per layer, the block output (B·T × D). */
  readonly activations: readonly Tensor[];
  /** Per layer, the attention probabilities (B·H·T × T). */
  readonly attention: readonly Tensor[];
}

/**
 * A small BERT (Devlin et al. 2019). Every body weight matrix — Q, K, V, attention output, feed-forward in and
 * out, pooler — is a masked parameter. Heads: 'classify' (pooler + linear) and 'mlm' (tied to the token embeddings).
 */
export class BertModel implements Model, Checkpointable {
  readonly embeddings: BertEmbeddings;
  readonly blocks: EncoderBlock[];
  /** Pre-norm stacks end in one more layer norm (the residual stream is otherwise unnormalised). */
  readonly finalNorm: LayerNorm | null;
  readonly pooler: Pooler;
  private readonly heads = new Map<string, BertHead>();
  private active: { head: BertHead; task: string; length: number } | null = null;
  /** The task whose gradients the head importances measure: importance is per task, so a new task starts afresh. */
  private importanceTask: string | null = null;

  constructor(readonly options: BertOptions, readonly vocabulary: number, private readonly kernel: Kernel,
    rng: (...parts: Array<string | number>) => Rng) {
    const { width, layers, heads, ffnWidth, norm, maxLength } = options;
    this.embeddings = new BertEmbeddings('embeddings', vocabulary, maxLength, width, { pad: options.padToken, sep: options.sepToken }, kernel);
    for (const table of [this.embeddings.tokens, this.embeddings.positions, this.embeddings.segments]) {
      normal(table.table.values, options.embeddingStd, rng('init', table.name));
    }
    this.blocks = Array.from({ length: layers }, (_, l) => new EncoderBlock(`layer${l}`, width, heads, ffnWidth, norm, kernel));
    // Importance follows the last ~100 batches, so after fine-tuning it describes the fine-tuned network
    for (const block of this.blocks) block.attention.importanceDecay = IMPORTANCE_DECAY;
    this.finalNorm = norm === 'pre' ? new LayerNorm('final-norm', width, kernel) : null;
    this.pooler = new Pooler('pooler', width, kernel);
    for (const weight of this.maskedParameters()) xavierUniform(weight.values, weight.cols, weight.rows, rng('init', weight.name));
  }

  forward(inputs: Tensor /* (B,T) token ids */, task: string, mode: PassMode): Tensor {
    const head = this.heads.get(task);
    if (!head) throw new Error(`bert: no head for task "${task}" (heads: ${this.headNames().join(', ') || 'none'})`);
    const T = inputs.cols;
    let x = this.embeddings.forward(inputs, mode);
    for (const block of this.blocks) {
      block.setSequence(T, this.embeddings.keyValid);
      x = block.forward(x, mode);
    }
    if (this.finalNorm) x = this.finalNorm.forward(x, mode);
    this.active = { head, task, length: T };
    return head.forward(x, T, mode);
  }

  backward(dLogits: Tensor): void {
    if (!this.active) throw new Error('bert: backward called before forward');
    if (this.active.task !== this.importanceTask) {
      this.resetHeadImportance();
      this.importanceTask = this.active.task;
    }
    let d = this.active.head.backward(dLogits);
    if (this.finalNorm) d = this.finalNorm.backward(d, true) as Tensor;
    for (let l = this.blocks.length - 1; l >= 0; l--) d = this.blocks[l].backward(d, true) as Tensor;
    this.embeddings.backward(d, false);
  }

  addHead(task: string, classes: number, kind: string, rng: Rng): void {
    if (kind === 'mlm') {
      if (classes !== this.vocabulary) throw new RangeError(`bert: an mlm head predicts ${this.vocabulary} tokens, the task "${task}" asks for ${classes}`);
      this.heads.set(task, new MaskedLanguageModelHead(`head:${task}`, this.options.width, this.embeddings.tokens.table, this.kernel, rng));
    } else if (kind === 'classify') {
      this.heads.set(task, new ClassificationHead(`head:${task}`, classes, this.options.width, this.pooler, this.kernel, rng));
    } else {
      throw new RangeError(`bert: unknown head kind "${kind}" for task "${task}" (expected classify or mlm)`);
    }
  }

  removeHead(task: string): void {
    this.heads.delete(task);
  }

  headNames(): string[] {
    return [...this.heads.keys()];
  }

  maskedParameters(): MaskedParameter[] {
    return [
      ...this.blocks.flatMap((block) => [
        block.attention.query.weight, block.attention.key.weight, block.attention.value.weight, block.attention.output.weight,
        block.ffnIn.weight, block.ffnOut.weight,
      ]),
      this.pooler.dense.weight,
    ];
  }

  bodyParameters(): Parameter[] {
    return [
      ...this.embeddings.parameters(),
      ...this.blocks.flatMap((block) => block.parameters()),
      ...(this.finalNorm ? this.finalNorm.parameters() : []),
      this.pooler.dense.weight, this.pooler.dense.bias,
    ];
  }

  headParameters(task: string): Parameter[] {
    return this.heads.get(task)?.parameters() ?? [];
  }

  describe(): Record<string, unknown> {
    const { width, layers, heads, ffnWidth, norm, maxLength } = this.options;
    const removed = this.blocks.flatMap((_, l) => Array.from({ length: heads }, (_, h) => h).flatMap((h) => (this.headActive(l, h) ? [] : [`${l}.${h}`])));
    return { architecture: 'bert', width, layers, heads, ffnWidth, norm, maxLength, vocabulary: this.vocabulary, removedHeads: removed };
  }

  /* BERTology */

  get layerCount(): number {
    return this.blocks.length;
  }

  get headCount(): number {
    return this.options.heads;
  }

  /** Sets head `head` of layer `layer`'s gate ξ: 0 removes the head, 1 restores it. */
  setHeadGate(layer: number, head: number, value: number): void {
    this.attentionOf(layer, head).gates[head] = value;
  }

  headGate(layer: number, head: number): number {
    return this.attentionOf(layer, head).gates[head];
  }

  /**
   * Removes a head for good: its E columns of W_O leave the mask (and join `removed`), which changes the
   * forward pass exactly as gate 0 does, but lives in the masks, so checkpoints and branches carry it.
   */
  removeAttentionHead(layer: number, head: number): void {
    const output = this.attentionOf(layer, head).output.weight;
    output.remove(this.headColumns(output.rows, output.cols, head));
  }

  /** Whether a head still contributes: its gate is open and some of its W_O columns are kept. */
  headActive(layer: number, head: number): boolean {
    const attention = this.attentionOf(layer, head);
    if (attention.gates[head] === 0) return false;
    const mask = attention.output.weight.mask;
    for (const i of this.headColumns(attention.output.weight.rows, attention.output.weight.cols, head)) if (mask.get(i)) return true;
    return false;
  }

  /**
   * Head importance I_h = E|∂L/∂ξ_h| over the recent backward passes of the last task trained (an exponential
   * average over ~100 batches), normalised per layer to unit L2 norm as Michel et al. (2019) do. [layer][head]; all zeros before any backward pass.
   */
  headImportance(): number[][] {
    return this.blocks.map((block) => {
      const attention = block.attention;
      const mean = [...attention.importance].map((sum) => sum / Math.max(1, attention.importanceExamples));
      const norm = Math.hypot(...mean);
      return mean.map((value) => (norm > 0 ? value / norm : 0));
    });
  }

  /** What the model keeps besides its parameters: each layer's head importances and gates, and whose gradients they measure. */
  saveState(): PluginState {
    const state: Record<string, Float32Array | Float64Array | number | string> = {};
    this.blocks.forEach(({ attention }, l) => {
      state[`importance#${l}`] = attention.importance.slice();
      state[`examples#${l}`] = attention.importanceExamples;
      state[`gates#${l}`] = attention.gates.slice();
    });
    if (this.importanceTask !== null) state.importanceTask = this.importanceTask;
    return state;
  }

  loadState(_parameters: readonly Parameter[], state: PluginState): void {
    this.blocks.forEach(({ attention }, l) => {
      const importance = state[`importance#${l}`];
      const gates = state[`gates#${l}`];
      if (importance instanceof Float64Array) attention.importance.set(importance);
      if (gates instanceof Float32Array) attention.gates.set(gates);
      attention.importanceExamples = Number(state[`examples#${l}`] ?? 0);
    });
    this.importanceTask = typeof state.importanceTask === 'string' ? state.importanceTask : null;
  }

  resetHeadImportance(): void {
    for (const block of this.blocks) block.attention.resetImportance();
  }

  /** The activations and attention maps of the last forward pass (views of live buffers: copy what you keep). */
  probe(): EncoderProbe | null {
    if (!this.active) return null;
    const activations: Tensor[] = [];
    const attention: Tensor[] = [];
    for (const block of this.blocks) {
      const maps = block.attention.attentionMaps();
      if (!block.lastOutput || !maps) return null;
      activations.push(block.lastOutput);
      attention.push(maps);
    }
    return { batch: activations[0].rows / this.active.length, length: this.active.length, activations, attention };
  }

  /** Flat indices of head `head`'s columns in a (D × D) W_O. */
  private headColumns(rows: number, cols: number, head: number): number[] {
    const E = cols / this.options.heads;
    const indices: number[] = [];
    for (let row = 0; row < rows; row++) for (let e = 0; e < E; e++) indices.push(row * cols + head * E + e);
    return indices;
  }

  private attentionOf(layer: number, head: number) {
    if (!Number.isInteger(layer) || layer < 0 || layer >= this.blocks.length) throw new RangeError(`bert: no layer ${layer} (layers 0–${this.blocks.length - 1})`);
    if (!Number.isInteger(head) || head < 0 || head >= this.options.heads) throw new RangeError(`bert: no head ${head} (heads 0–${this.options.heads - 1})`);
    return this.blocks[layer].attention;
  }
}

/** The head-lesion API: what a model offers so `head-lesion` can remove its heads. */
export type AttentionHeads = Pick<BertModel, 'layerCount' | 'headCount' | 'setHeadGate' | 'headGate' | 'removeAttentionHead' | 'headActive' | 'headImportance' | 'resetHeadImportance'>;

/** Whether a model offers the head-lesion API (a BERT, or any model that implements it). */
export function hasAttentionHeads(model: Model): model is Model & AttentionHeads {
  const candidate = model as Partial<BertModel>;
  return typeof candidate.setHeadGate === 'function' && typeof candidate.headImportance === 'function';
}
