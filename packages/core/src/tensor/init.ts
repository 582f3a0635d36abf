// Weight initialisers (He et al. 2015; Glorot & Bengio 2010), each filling an array from a named stream.
import type { Rng } from './rng.js';

/** Kaiming (He) uniform: U(−b, b) with b = gain · √(3 / fanIn). PyTorch's Linear default is gain = 1/√3·√(2/(1+5)), i.e. a = √5. */
export function kaimingUniform(values: Float32Array, fanIn: number, rng: Rng, gain = Math.SQRT2): void {
  const bound = gain * Math.sqrt(3 / fanIn);
  for (let i = 0; i < values.length; i++) values[i] = rng.between(-bound, bound);
}

/** Kaiming (He) normal: N(0, (gain / √fanIn)²). */
export function kaimingNormal(values: Float32Array, fanIn: number, rng: Rng, gain = Math.SQRT2): void {
  const std = gain / Math.sqrt(fanIn);
  for (let i = 0; i < values.length; i++) values[i] = std * rng.normal();
}

/** Glorot (Xavier) uniform: U(−b, b) with b = √(6 / (fanIn + fanOut)). */
export function xavierUniform(values: Float32Array, fanIn: number, fanOut: number, rng: Rng): void {
  const bound = Math.sqrt(6 / (fanIn + fanOut));
  for (let i = 0; i < values.length; i++) values[i] = rng.between(-bound, bound);
}

/** Normal with a given standard deviation (BERT's truncated-normal stand-in, σ = 0.02). */
export function normal(values: Float32Array, std: number, rng: Rng): void {
  for (let i = 0; i < values.length; i++) values[i] = std * rng.normal();
}

/** The gain of PyTorch's default Linear initialisation, kaiming_uniform(a = √5): √(2 / (1 + 5)). */
export const LINEAR_DEFAULT_GAIN = Math.sqrt(2 / 6);
