// Edge-popup's mask learner: keep the k connections of largest |score| in each layer, so sparsity holds exactly.
import { definePlugin, kaimingUniform, kthLargestNonNegative, LINEAR_DEFAULT_GAIN, type Kernel, type MaskedParameter, type MaskLearner, type Rng, type OptionsOf } from '@ontogeny/core';
import { ensureScores, initialiseScores, writeMask } from './mask-writer.js';

const topKOptions = {
  type: 'object', additionalProperties: false,
  properties: {
    density: { type: 'number', minimum: 0, maximum: 1, description: 'Fraction of each layer kept (default: the density of the mask it starts from).' },
    init: {
      enum: ['kaiming-uniform', 'constant'], default: 'kaiming-uniform',
      description: "Initial scores: 'kaiming-uniform' (a = √5, edge-popup's) or 'constant' (`value` on kept connections, 0 elsewhere, so the first mask is the current one) (default 'kaiming-uniform').",
    },
    value: { type: 'number', exclusiveMinimum: 0, default: 1e-2, description: "Initial score of kept connections with init 'constant' (default 1e-2)." },
  },
} as const;

export type TopKOptions = OptionsOf<typeof topKOptions>;

/**
 * m = top-k(|s|) per layer with k = round(density · n) (Ramanujan et al. 2020, Algorithm 1), straight-through
 * gradient used as is. Removed connections never compete, so k counts among the live ones. The k-th largest is
 * found by radix selection (a histogram of the floats' top bits, then quickselect inside one bin: no sort, no
 * allocation per step); ties at the boundary go to the lowest indices, so the mask holds exactly k entries
 * and is reproducible.
 */
export class TopKLearner implements MaskLearner {
  private readonly kept = new WeakMap<MaskedParameter, number>();
  private readonly scratch = new WeakMap<MaskedParameter, { magnitudes: Float32Array; candidates: Float32Array; histogram: Uint32Array }>();

  /** `kernel` compares and packs the mask bits each step (SIMD in the native kernel). */
  constructor(private readonly options: TopKOptions, private readonly kernel: Kernel) {
  }

  initScores(w: MaskedParameter, rng: Rng): void {
    this.kept.set(w, Math.round((this.options.density ?? w.density()) * w.size));
    if (this.options.init === 'constant') {
      initialiseScores(w, this.options.value, 0, 0);
      return;
    }
    // Kaiming uniform with a = √5 (PyTorch's Linear default), as edge-popup's scores.
    kaimingUniform(ensureScores(w), w.cols, rng, LINEAR_DEFAULT_GAIN);
  }

  updateMask(w: MaskedParameter): void {
    if (!w.scores) return;
    let buffers = this.scratch.get(w);
    if (!buffers) {
      buffers = { magnitudes: new Float32Array(w.size), candidates: new Float32Array(w.size), histogram: new Uint32Array(65536) };
      this.scratch.set(w, buffers);
    }
    const { magnitudes, candidates, histogram } = buffers;
    const scores = w.scores.values;
    const removed = w.removed.words;
    // Removed connections get −1 so that they never compete (the selection ignores negative entries).
    for (let i = 0; i < w.size; i++) magnitudes[i] = (removed[i >>> 5] >>> (i & 31)) & 1 ? -1 : Math.abs(scores[i]);
    const k = this.kept.get(w) ?? w.keptCount();
    if (k === 0) {
      writeMask(w, magnitudes, Infinity, 0, this.kernel);
      return;
    }
    const threshold = kthLargestNonNegative(magnitudes, k, histogram, candidates);
    if (threshold) writeMask(w, magnitudes, threshold.value, k - threshold.above, this.kernel);
    else writeMask(w, magnitudes, -0.5, 0, this.kernel); // fewer live connections than k: keep them all
  }
}

export default definePlugin({
  kind: 'mask-learner',
  name: 'topk',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'Ramanujan et al. 2020, "What\'s Hidden in a Randomly Weighted Neural Network?" (edge-popup); Sanh et al. 2020 (movement pruning, TopK)',
  description: 'Keeps the k connections with the largest |score| in each layer; the sparsity holds exactly.',
  options: topKOptions,
  inject: ['kernel'],
  create: (options, { kernel }) => new TopKLearner(options, kernel),
});
