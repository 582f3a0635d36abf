// Mini-batches drawn in a per-epoch order derived from (seed, phase, epoch), so any step can be recomputed alone.
import type { Split } from '../plugin/contracts/task.js';
import { Rng } from '../tensor/rng.js';
import { Tensor } from '../tensor/tensor.js';

/** Gathers batches of `size` examples; the last partial batch of an epoch is dropped. */
export class BatchSampler {
  private order: Int32Array | null = null;
  private orderEpoch = -1;
  readonly inputs: Tensor;
  readonly labels: Int32Array;
  readonly batchesPerEpoch: number;

  constructor(
    private readonly split: Split,
    private readonly width: number,
    private readonly labelsPerExample: number,
    readonly size: number,
    private readonly seed: number,
    private readonly stream: string,
  ) {
    this.size = Math.min(size, split.count);
    this.batchesPerEpoch = Math.max(1, Math.floor(split.count / this.size));
    this.inputs = Tensor.zeros(this.size, width);
    this.labels = new Int32Array(this.size * labelsPerExample);
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
    const { width, labelsPerExample, labels } = this;
    const inputs = this.inputs.data;
    const source = this.split.inputs;
    const sourceLabels = this.split.labels;
    for (let r = 0; r < this.size; r++) {
      const example = order[start + r];
      // A row is long (784 pixels): a view and one memcpy beat an element loop. Labels are few: copied directly.
      inputs.set(source.subarray(example * width, (example + 1) * width), r * width);
      for (let l = 0; l < labelsPerExample; l++) labels[r * labelsPerExample + l] = sourceLabels[example * labelsPerExample + l];
    }
  }
}
