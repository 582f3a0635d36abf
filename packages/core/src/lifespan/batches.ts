// Mini-batches drawn in a per-epoch order derived from (seed, phase, epoch), so any step can be recomputed alone.
import type { Kernel } from '../kernel/contract.js';
import type { Split } from '../plugin/contracts/task.js';
import { Rng } from '../tensor/rng.js';
import { Tensor } from '../tensor/tensor.js';

/** Gathers batches of `size` examples with the kernel's row gather; the last partial batch of an epoch is dropped. */
export class BatchSampler {
  private order: Int32Array | null = null;
  private orderEpoch = -1;
  readonly inputs: Tensor;
  readonly labels: Int32Array;
  readonly batchesPerEpoch: number;
  /** The batch's example indices, as the kernel's row gather takes them. */
  private readonly rows: Float32Array;

  constructor(
    private readonly split: Split,
    private readonly width: number,
    private readonly labelsPerExample: number,
    readonly size: number,
    private readonly seed: number,
    private readonly stream: string,
    private readonly kernel: Kernel,
  ) {
    // The kernel's gather takes row indices as float32, whole numbers only to 2²⁴
    if (split.count > 2 ** 24) throw new RangeError(`a split of ${split.count} examples has more than 2²⁴, the most batches can be drawn from`);
    this.size = Math.min(size, split.count);
    this.batchesPerEpoch = Math.max(1, Math.floor(split.count / this.size));
    this.inputs = Tensor.zeros(this.size, width);
    this.labels = new Int32Array(this.size * labelsPerExample);
    this.rows = new Float32Array(this.size);
  }

  /** Fills `inputs` and `labels` with the batch of global step `step`. */
  load(step: number): void {
    const epoch = Math.floor(step / this.batchesPerEpoch);
    if (epoch !== this.orderEpoch) {
      this.order = Rng.derive(this.seed, 'data-order', this.stream, epoch).permutation(this.split.count);
      this.orderEpoch = epoch;
    }
    const order = this.order as Int32Array;
    const start = (step % this.batchesPerEpoch) * this.size;
    const { labelsPerExample, labels, rows } = this;
    const sourceLabels = this.split.labels;
    for (let r = 0; r < this.size; r++) {
      const example = order[start + r];
      rows[r] = example;
      for (let l = 0; l < labelsPerExample; l++) labels[r * labelsPerExample + l] = sourceLabels[example * labelsPerExample + l];
    }
    // The rows of a large dataset lie beyond the caches: the kernel's gather keeps several in flight.
    this.kernel.embeddingGather(rows, this.split.inputs, this.width, this.inputs.data);
  }
}
