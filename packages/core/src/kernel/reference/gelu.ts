// GELU's kernel ops in plain TypeScript, tanh form (Hendrycks & Gimpel 2016, as BERT's and GPT-2's code compute it).

const C = Math.sqrt(2 / Math.PI);
const A = 0.044715;

/** See `Kernel.gelu`. */
export function gelu(x: Float32Array, y: Float32Array): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    y[i] = 0.5 * v * (1 + Math.tanh(C * (v + A * v * v * v)));
  }
}

/** See `Kernel.geluBackward`: d/dx [½x(1 + t)] = ½(1 + t) + ½x(1 − t²)·C(1 + 3Ax²), t = tanh(C(x + Ax³)). */
export function geluBackward(x: Float32Array, dy: Float32Array, dx: Float32Array): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    const t = Math.tanh(C * (v + A * v * v * v));
    dx[i] = dy[i] * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * C * (1 + 3 * A * v * v));
  }
}
