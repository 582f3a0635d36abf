// A row-major float32 matrix: the one array type that flows between layers and kernels.

/**
 * A (rows × cols) float32 matrix, row-major. Higher-rank data is carried flattened: a (B, T, D) batch of
 * sequences is a (B·T × D) tensor.
 */
export class Tensor {
  constructor(
    readonly data: Float32Array,
    readonly rows: number,
    readonly cols: number,
  ) {
    if (data.length !== rows * cols) {
      throw new RangeError(`Tensor: ${rows}×${cols} needs ${rows * cols} values, got ${data.length}`);
    }
  }

  static zeros(rows: number, cols: number): Tensor {
    return new Tensor(new Float32Array(rows * cols), rows, cols);
  }

  /** The same values viewed as (rows × cols); no copy. */
  reshape(rows: number, cols: number): Tensor {
    return new Tensor(this.data, rows, cols);
  }

  /** Rows [start, end) as a view; no copy. */
  sliceRows(start: number, end: number): Tensor {
    return new Tensor(this.data.subarray(start * this.cols, end * this.cols), end - start, this.cols);
  }
}
