// Layer normalisation's kernel ops in plain TypeScript (float64 arithmetic, float32 stores): the definition.
// N = rows (tokens), D = features

/** See `Kernel.layerNorm`. */
export function layerNorm(x: Float32Array, rows: number, cols: number, gain: Float32Array, shift: Float32Array,
  epsilon: number, y: Float32Array, xhat: Float32Array, inverseStd: Float32Array): void {
  for (let r = 0; r < rows; r++) {
    const at = r * cols;
    let mean = 0;
    for (let j = 0; j < cols; j++) mean += x[at + j];
    mean /= cols;
    let variance = 0;
    for (let j = 0; j < cols; j++) {
      const centred = x[at + j] - mean;
      variance += centred * centred;
    }
    const inverse = 1 / Math.sqrt(variance / cols + epsilon);
    inverseStd[r] = inverse;
    for (let j = 0; j < cols; j++) {
      const n = (x[at + j] - mean) * inverse;
      xhat[at + j] = n;
      y[at + j] = n * gain[j] + shift[j];
    }
  }
}

/** See `Kernel.layerNormBackward`. */
export function layerNormBackward(dy: Float32Array, xhat: Float32Array, inverseStd: Float32Array, rows: number,
  cols: number, gain: Float32Array, dx: Float32Array | null, dGain: Float32Array | null, dShift: Float32Array | null): void {
  for (let r = 0; r < rows; r++) {
    const at = r * cols;
    if (dGain) for (let j = 0; j < cols; j++) dGain[j] += dy[at + j] * xhat[at + j];
    if (dShift) for (let j = 0; j < cols; j++) dShift[j] += dy[at + j];
    if (!dx) continue;
    let meanG = 0;
    let meanGX = 0;
    for (let j = 0; j < cols; j++) {
      const g = dy[at + j] * gain[j];
      meanG += g;
      meanGX += g * xhat[at + j];
    }
    meanG /= cols;
    meanGX /= cols;
    const inverse = inverseStd[r];
    for (let j = 0; j < cols; j++) dx[at + j] = inverse * (dy[at + j] * gain[j] - meanG - xhat[at + j] * meanGX);
  }
}
