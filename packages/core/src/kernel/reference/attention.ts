// Scaled dot-product attention's kernel ops in plain TypeScript (float64 sums, float32 stores): the definition.
// B = batch, T = sequence length, D = width, H = heads, E = head width (D/H)
import type { AttentionShape } from '../contract.js';

/** See `Kernel.attention`. */
export function attention(shape: AttentionShape, q: Float32Array, k: Float32Array, v: Float32Array,
  keyValid: Uint8Array | null, gates: Float32Array, probabilities: Float32Array, context: Float32Array,
  merged: Float32Array): void {
  const { batch: B, length: T, heads: H, width: D, scale } = shape;
  const E = D / H;
  const scores = new Float64Array(T);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const block = (b * H + h) * T;
      for (let i = 0; i < T; i++) {
        const qi = (b * T + i) * D + h * E;
        let max = -Infinity;
        for (let j = 0; j < T; j++) {
          const kj = (b * T + j) * D + h * E;
          let dot = 0;
          for (let e = 0; e < E; e++) dot += q[qi + e] * k[kj + e];
          scores[j] = scale * dot;
          if ((!keyValid || keyValid[b * T + j]) && scores[j] > max) max = scores[j];
        }
        let sum = 0;
        for (let j = 0; j < T; j++) {
          scores[j] = !keyValid || keyValid[b * T + j] ? Math.exp(scores[j] - max) : 0;
          sum += scores[j];
        }
        const p = probabilities.subarray((block + i) * T, (block + i + 1) * T);
        for (let j = 0; j < T; j++) p[j] = sum > 0 ? scores[j] / sum : 0;
        for (let e = 0; e < E; e++) {
          let c = 0;
          for (let j = 0; j < T; j++) c += p[j] * v[(b * T + j) * D + h * E + e];
          context[qi + e] = c;
          merged[qi + e] = context[qi + e] * gates[h];
        }
      }
    }
  }
}

/** See `Kernel.attentionBackward`. */
export function attentionBackward(shape: AttentionShape, dMerged: Float32Array, q: Float32Array, k: Float32Array,
  v: Float32Array, probabilities: Float32Array, context: Float32Array, gates: Float32Array, dq: Float32Array,
  dk: Float32Array, dv: Float32Array, headDots: Float64Array): void {
  const { batch: B, length: T, heads: H, width: D, scale } = shape;
  const E = D / H;
  const dS = new Float64Array(T * T);
  const row = (b: number, t: number, h: number) => (b * T + t) * D + h * E;
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const gate = gates[h];
      const block = (b * H + h) * T;
      let dot = 0;
      for (let t = 0; t < T; t++) for (let e = 0; e < E; e++) dot += context[row(b, t, h) + e] * dMerged[row(b, t, h) + e];
      headDots[b * H + h] = dot;
      for (let i = 0; i < T; i++) {
        const p = probabilities.subarray((block + i) * T, (block + i + 1) * T);
        let weighted = 0;
        for (let j = 0; j < T; j++) {
          let dp = 0;
          for (let e = 0; e < E; e++) dp += gate * dMerged[row(b, i, h) + e] * v[row(b, j, h) + e];
          dS[i * T + j] = dp;
          weighted += p[j] * dp;
        }
        for (let j = 0; j < T; j++) dS[i * T + j] = p[j] * (dS[i * T + j] - weighted);
      }
      for (let t = 0; t < T; t++) {
        for (let e = 0; e < E; e++) {
          let gq = 0;
          let gk = 0;
          let gv = 0;
          for (let j = 0; j < T; j++) {
            gq += dS[t * T + j] * k[row(b, j, h) + e];
            gk += dS[j * T + t] * q[row(b, j, h) + e];
            gv += probabilities[(block + j) * T + t] * gate * dMerged[row(b, j, h) + e];
          }
          dq[row(b, t, h) + e] = scale * gq;
          dk[row(b, t, h) + e] = scale * gk;
          dv[row(b, t, h) + e] = gv;
        }
      }
    }
  }
}
