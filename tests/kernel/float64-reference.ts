// The float64 dense products the contract suite compares against, with the bound each result must meet.
// B = batch, I = inputs, O = outputs

/** γ_K = K·u/(1 − K·u), u = 2⁻²⁴: the relative error bound of a float32 sum of K products. */
export function gamma(k: number): number {
  const u = 2 ** -24;
  return (k * u) / (1 - k * u);
}

/** Exact sums and sums of magnitudes of a product, so each entry's error bound is 2·γ_K·Σ|a·b| + ε. */
export interface Exact {
  readonly value: Float64Array;
  readonly magnitude: Float64Array;
}

/** C(M×N) = A·B with A read through `a(i, k)` and B through `b(k, j)`. */
export function product(M: number, N: number, K: number, a: (i: number, k: number) => number,
  b: (k: number, j: number) => number): Exact {
  const value = new Float64Array(M * N);
  const magnitude = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let sum = 0;
      let abs = 0;
      for (let k = 0; k < K; k++) {
        const term = a(i, k) * b(k, j);
        sum += term;
        abs += Math.abs(term);
      }
      value[i * N + j] = sum;
      magnitude[i * N + j] = abs;
    }
  }
  return { value, magnitude };
}

/** The first entry outside |got − want| ≤ 2·γ_K·Σ|·| + ε, described, or null when all are inside (NaN fails). */
export function firstOutside(got: Float32Array, want: Float64Array, magnitude: Float64Array, k: number,
  epsilon = 1e-6): string | null {
  const g = gamma(k + 2);
  for (let i = 0; i < want.length; i++) {
    const bound = 2 * g * magnitude[i] + epsilon;
    if (!(Math.abs(got[i] - want[i]) <= bound)) {
      return `entry ${i}: got ${got[i]}, want ${want[i]} ± ${bound.toExponential(2)}`;
    }
  }
  return null;
}
