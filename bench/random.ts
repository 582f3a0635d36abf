// A small seeded generator for the benchmarks' data, so every run measures the same weights and inputs.

/** A linear congruential generator (Numerical Recipes' constants): uniform numbers in [0, 1) from `seed`. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}
