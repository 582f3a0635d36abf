// Residual sums in plain TypeScript: the definition.

/** See `Kernel.add`. */
export function add(a: Float32Array, b: Float32Array, out: Float32Array): void {
  for (let i = 0; i < out.length; i++) out[i] = a[i] + b[i];
}
