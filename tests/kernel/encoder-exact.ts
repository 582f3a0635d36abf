// Float64 values of the encoder ops, each with the error bound a float32 backend must meet (the contract's 2γ rule).
// N = rows, D = features, B = batch, T = sequence length, H = heads, E = head width
import type { AttentionShape } from '@ontogeny/core';
import { gamma } from './float64-reference.js';

/** A float64 value per output entry and the largest error allowed there. */
export interface Bounded {
  readonly value: Float64Array;
  readonly bound: Float64Array;
}

/** u = 2⁻²⁴, float32's unit roundoff. */
export const U = 2 ** -24;

/** The first entry outside its bound, described, or null (NaN fails). */
export function firstOutsideBound(got: ArrayLike<number>, want: Bounded, what: string): string | null {
  for (let i = 0; i < want.value.length; i++) {
    if (!(Math.abs(got[i] - want.value[i]) <= want.bound[i] + 1e-30)) {
      return `${what}[${i}]: got ${got[i]}, want ${want.value[i]} ± ${want.bound[i].toExponential(2)}`;
    }
  }
  return null;
}

export function layerNormExact(x: Float32Array, N: number, D: number, gain: Float32Array, shift: Float32Array, epsilon: number) {
  const g = 2 * gamma(D + 8);
  const xhat = { value: new Float64Array(N * D), bound: new Float64Array(N * D) };
  const y = { value: new Float64Array(N * D), bound: new Float64Array(N * D) };
  const inverseStd = { value: new Float64Array(N), bound: new Float64Array(N) };
  for (let r = 0; r < N; r++) {
    let mean = 0, magnitude = 0;
    for (let j = 0; j < D; j++) [mean, magnitude] = [mean + x[r * D + j], magnitude + Math.abs(x[r * D + j])];
    mean /= D;
    let variance = 0;
    for (let j = 0; j < D; j++) variance += (x[r * D + j] - mean) ** 2;
    const inverse = 1 / Math.sqrt(variance / D + epsilon);
    inverseStd.value[r] = inverse;
    inverseStd.bound[r] = g * inverse;
    // the mean's error, seen through 1/σ, and σ's relative error on x̂
    const spread = (magnitude / D) * inverse;
    for (let j = 0; j < D; j++) {
      const i = r * D + j;
      const n = (x[i] - mean) * inverse;
      xhat.value[i] = n;
      xhat.bound[i] = g * (spread + Math.abs(n) + 1);
      y.value[i] = n * gain[j] + shift[j];
      y.bound[i] = g * ((spread + Math.abs(n) + 1) * Math.abs(gain[j]) + Math.abs(shift[j]));
    }
  }
  return { xhat, y, inverseStd };
}

export function layerNormBackwardExact(dy: Float32Array, xhat: Float32Array, inverseStd: Float32Array, N: number,
  D: number, gain: Float32Array, dGain0: Float32Array, dShift0: Float32Array) {
  const g = 2 * gamma(D + 8);
  const dx = { value: new Float64Array(N * D), bound: new Float64Array(N * D) };
  const dGain = { value: Float64Array.from(dGain0), bound: new Float64Array(D) };
  const dShift = { value: Float64Array.from(dShift0), bound: new Float64Array(D) };
  const gainMagnitude = Float64Array.from(dGain0, Math.abs);
  const shiftMagnitude = Float64Array.from(dShift0, Math.abs);
  for (let r = 0; r < N; r++) {
    let meanG = 0, meanGX = 0, absG = 0, absGX = 0;
    for (let j = 0; j < D; j++) {
      const gj = dy[r * D + j] * gain[j];
      meanG += gj / D;
      meanGX += (gj * xhat[r * D + j]) / D;
      absG += Math.abs(gj) / D;
      absGX += Math.abs(gj * xhat[r * D + j]) / D;
      dGain.value[j] += dy[r * D + j] * xhat[r * D + j];
      gainMagnitude[j] += Math.abs(dy[r * D + j] * xhat[r * D + j]);
      dShift.value[j] += dy[r * D + j];
      shiftMagnitude[j] += Math.abs(dy[r * D + j]);
    }
    for (let j = 0; j < D; j++) {
      const i = r * D + j;
      const gj = dy[i] * gain[j];
      dx.value[i] = inverseStd[r] * (gj - meanG - xhat[i] * meanGX);
      dx.bound[i] = g * inverseStd[r] * (Math.abs(gj) + absG + Math.abs(xhat[i]) * absGX);
    }
  }
  const gn = 2 * gamma(N + 2);
  for (let j = 0; j < D; j++) [dGain.bound[j], dShift.bound[j]] = [gn * gainMagnitude[j], gn * shiftMagnitude[j]];
  return { dx, dGain, dShift };
}

const C = Math.sqrt(2 / Math.PI);
const A = 0.044715;

/**
 * GELU and its slope in float64. A float32 tanh is off by a few units of u absolutely, and C(x + Ax³) by a few
 * relatively: 16u·(|x| + |y|) covers y, and the slope's error is the tanh error times 1 + |x|·C(1 + 3Ax²).
 */
export function geluExact(x: Float32Array, dy: Float32Array) {
  const y = { value: new Float64Array(x.length), bound: new Float64Array(x.length) };
  const dx = { value: new Float64Array(x.length), bound: new Float64Array(x.length) };
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    const t = Math.tanh(C * (v + A * v ** 3));
    y.value[i] = 0.5 * v * (1 + t);
    y.bound[i] = 16 * U * (Math.abs(v) + Math.abs(y.value[i]));
    const slope = 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * C * (1 + 3 * A * v * v);
    dx.value[i] = dy[i] * slope;
    dx.bound[i] = 16 * U * Math.abs(dy[i]) * (1 + Math.abs(slope) + Math.abs(v) * C * (1 + 3 * A * v * v));
  }
  return { y, dx };
}

/**
 * Attention in float64. A score's error is 2γ_E·scale·Σ|q·k|; a probability's relative error is twice the largest
 * score error in its row plus the exp's few u and the normalising sum's γ_T.
 */
export function attentionExact(s: AttentionShape, q: Float32Array, k: Float32Array, v: Float32Array,
  keyValid: Uint8Array | null, gates: Float32Array) {
  const { batch: B, length: T, heads: H, width: D, scale } = s;
  const E = D / H;
  const probabilities = { value: new Float64Array(B * H * T * T), bound: new Float64Array(B * H * T * T) };
  const context = { value: new Float64Array(B * T * D), bound: new Float64Array(B * T * D) };
  const merged = { value: new Float64Array(B * T * D), bound: new Float64Array(B * T * D) };
  const at = (b: number, t: number, h: number) => (b * T + t) * D + h * E;
  for (let b = 0; b < B; b++) for (let h = 0; h < H; h++) for (let i = 0; i < T; i++) {
    const scores = new Float64Array(T);
    let scoreError = 0;
    let max = -Infinity;
    for (let j = 0; j < T; j++) {
      let dot = 0, magnitude = 0;
      for (let e = 0; e < E; e++) [dot, magnitude] = [dot + q[at(b, i, h) + e] * k[at(b, j, h) + e], magnitude + Math.abs(q[at(b, i, h) + e] * k[at(b, j, h) + e])];
      scores[j] = scale * dot;
      const valid = !keyValid || keyValid[b * T + j] !== 0;
      if (valid) {
        scoreError = Math.max(scoreError, 2 * gamma(E + 2) * scale * magnitude + 4 * U * Math.abs(scores[j]));
        max = Math.max(max, scores[j]);
      }
    }
    let sum = 0;
    for (let j = 0; j < T; j++) {
      scores[j] = !keyValid || keyValid[b * T + j] ? Math.exp(scores[j] - max) : 0;
      sum += scores[j];
    }
    const relative = 2 * scoreError + 8 * U + 2 * gamma(T + 4);
    const row = ((b * H + h) * T + i) * T;
    for (let j = 0; j < T; j++) {
      probabilities.value[row + j] = sum > 0 ? scores[j] / sum : 0;
      probabilities.bound[row + j] = relative * probabilities.value[row + j];
    }
    for (let e = 0; e < E; e++) {
      let c = 0, bound = 0, magnitude = 0;
      for (let j = 0; j < T; j++) {
        const vj = v[at(b, j, h) + e];
        c += probabilities.value[row + j] * vj;
        magnitude += probabilities.value[row + j] * Math.abs(vj);
        bound += probabilities.bound[row + j] * Math.abs(vj);
      }
      const n = at(b, i, h) + e;
      context.value[n] = c;
      context.bound[n] = bound + 2 * gamma(T + 2) * magnitude;
      merged.value[n] = c * gates[h];
      merged.bound[n] = (context.bound[n] + U * Math.abs(c)) * Math.abs(gates[h]);
    }
  }
  return { probabilities, context, merged };
}

/**
 * The backward pass in float64 from given float32 probabilities and context, so its only errors are the sums':
 * each bound is 2γ_K over the magnitudes the sum runs through, K covering every sum on the way (E, then T twice).
 */
export function attentionBackwardExact(s: AttentionShape, dMerged: Float32Array, q: Float32Array, k: Float32Array,
  v: Float32Array, probabilities: Float32Array, context: Float32Array, gates: Float32Array) {
  const { batch: B, length: T, heads: H, width: D, scale } = s;
  const E = D / H;
  const g = 2 * gamma(2 * T + E + 8);
  const n = B * T * D;
  const dq = { value: new Float64Array(n), bound: new Float64Array(n) };
  const dk = { value: new Float64Array(n), bound: new Float64Array(n) };
  const dv = { value: new Float64Array(n), bound: new Float64Array(n) };
  const headDots = { value: new Float64Array(B * H), bound: new Float64Array(B * H) };
  const at = (b: number, t: number, h: number) => (b * T + t) * D + h * E;
  for (let b = 0; b < B; b++) for (let h = 0; h < H; h++) {
    const P = (i: number, j: number) => probabilities[((b * H + h) * T + i) * T + j];
    let dot = 0, dotMagnitude = 0;
    for (let t = 0; t < T; t++) for (let e = 0; e < E; e++) {
      dot += context[at(b, t, h) + e] * dMerged[at(b, t, h) + e];
      dotMagnitude += Math.abs(context[at(b, t, h) + e] * dMerged[at(b, t, h) + e]);
    }
    headDots.value[b * H + h] = dot;
    headDots.bound[b * H + h] = 2 * gamma(T * E + 2) * dotMagnitude;
    // dS and, per entry, the magnitude its computation runs through
    const dS = new Float64Array(T * T), dSMagnitude = new Float64Array(T * T);
    for (let i = 0; i < T; i++) {
      const dP = new Float64Array(T), dPMagnitude = new Float64Array(T);
      let weighted = 0, weightedMagnitude = 0;
      for (let j = 0; j < T; j++) {
        for (let e = 0; e < E; e++) {
          const term = gates[h] * dMerged[at(b, i, h) + e] * v[at(b, j, h) + e];
          dP[j] += term;
          dPMagnitude[j] += Math.abs(term);
        }
        weighted += P(i, j) * dP[j];
        weightedMagnitude += P(i, j) * dPMagnitude[j];
      }
      for (let j = 0; j < T; j++) {
        dS[i * T + j] = P(i, j) * (dP[j] - weighted);
        dSMagnitude[i * T + j] = P(i, j) * (dPMagnitude[j] + weightedMagnitude);
      }
    }
    for (let t = 0; t < T; t++) for (let e = 0; e < E; e++) {
      let gq = 0, gk = 0, gv = 0, mq = 0, mk = 0, mv = 0;
      for (let j = 0; j < T; j++) {
        gq += dS[t * T + j] * k[at(b, j, h) + e];
        mq += dSMagnitude[t * T + j] * Math.abs(k[at(b, j, h) + e]);
        gk += dS[j * T + t] * q[at(b, j, h) + e];
        mk += dSMagnitude[j * T + t] * Math.abs(q[at(b, j, h) + e]);
        const term = P(j, t) * gates[h] * dMerged[at(b, j, h) + e];
        gv += term;
        mv += Math.abs(term);
      }
      const i = at(b, t, h) + e;
      [dq.value[i], dq.bound[i]] = [scale * gq, g * scale * mq];
      [dk.value[i], dk.bound[i]] = [scale * gk, g * scale * mk];
      [dv.value[i], dv.bound[i]] = [gv, g * mv];
    }
  }
  return { dq, dk, dv, headDots };
}
