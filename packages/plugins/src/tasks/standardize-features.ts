// Standardises feature columns in place with the training split's column means and standard deviations.

/**
 * Centres each of the `width` columns of every matrix in `apply` by the mean of `fit`'s column and divides by its
 * standard deviation (a constant column is only centred). Statistics come from `fit` alone so nothing of the test
 * split leaks into training.
 *
 * @example
 * standardizeFeatures(train.inputs, width, [train.inputs, test.inputs]);
 */
export function standardizeFeatures(fit: Float32Array, width: number, apply: readonly Float32Array[]): void {
  const rows = fit.length / width;
  const mean = new Float64Array(width);
  const squares = new Float64Array(width);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < width; c++) mean[c]! += fit[r * width + c]!;
  }
  for (let c = 0; c < width; c++) mean[c]! /= Math.max(rows, 1);
  // Two passes (mean, then squared deviations) avoid the cancellation of E[x²] − E[x]² on large offsets.
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < width; c++) squares[c]! += (fit[r * width + c]! - mean[c]!) ** 2;
  }
  const scale = Float64Array.from(squares, (sum) => {
    const std = Math.sqrt(sum / Math.max(rows, 1));
    return std > 0 ? 1 / std : 1;
  });
  for (const matrix of apply) {
    for (let i = 0; i < matrix.length; i++) {
      const c = i % width;
      matrix[i] = (matrix[i]! - mean[c]!) * scale[c]!;
    }
  }
}
