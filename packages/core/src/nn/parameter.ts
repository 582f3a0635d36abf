// Trainable arrays: a dense Parameter (biases, norms, embeddings, heads) and its gradient.

/** A named trainable array with its gradient; the optimiser keeps its own state keyed by the parameter. */
export class Parameter {
  readonly values: Float32Array;
  readonly grad: Float32Array;
  /** Whether the current phase learns these values (the layer then accumulates `grad`). */
  requiresGrad = true;
  /** Bumped whenever `values` change, so kernels know when a cached copy is stale. */
  valuesVersion = 0;

  constructor(
    readonly name: string,
    readonly shape: readonly number[],
    values?: Float32Array,
  ) {
    const size = shape.reduce((a, b) => a * b, 1);
    if (values && values.length !== size) {
      throw new RangeError(`Parameter ${name}: shape [${shape.join(', ')}] needs ${size} values, got ${values.length}`);
    }
    this.values = values ?? new Float32Array(size);
    this.grad = new Float32Array(size);
  }

  get size(): number {
    return this.values.length;
  }

  /** Call after writing `values` in place. */
  touch(): void {
    this.valuesVersion++;
  }

  zeroGrad(): void {
    this.grad.fill(0);
  }
}
