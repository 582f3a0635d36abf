// A run names its kernel's thread count nowhere in its hash when the spec leaves it to the machine, so every op the
// native kernel splits over threads must give the same bits on any thread count: the parts and the order of each
// sum may depend on the job's shape, never on how many threads share the parts. The pool is forced to split even
// small jobs (minParallelWork 64) and to always use its threads (adaptiveThreads false); shapes are drawn anew each
// run, with batches that are not multiples of any vector width.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { BitMask, MaskedParameter, NativeKernel, Tensor, loadAddon, type NativeKernelOptions } from '@ontogeny/core';
import { propertySeed } from '../robustness/property-seed.js';

const addon = loadAddon();
const unavailable = 'unavailable' in addon ? addon.unavailable : false;
const THREAD_COUNTS = [1, 2, 3];

/** Deterministic values in (−1, 1) from a seed. */
function data(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

/** A mask keeping at most two of every four inputs of a row, so every layout (2:4 included) can hold it. */
function twoOfFour(rows: number, cols: number, seed: number): BitMask {
  const draw = data(rows * cols, seed);
  return BitMask.from(rows * cols, (i) => {
    const groupStart = i - ((i % cols) % 4);
    const kept = [0, 1, 2, 3].filter((k) => (i % cols) - ((i % cols) % 4) + k < cols && draw[groupStart + k]! > 0.2);
    return kept.slice(0, 2).includes(i - groupStart);
  });
}

function transposed(t: Tensor): Tensor {
  const out = new Tensor(new Float32Array(t.data.length), t.cols, t.rows);
  for (let r = 0; r < t.rows; r++) for (let c = 0; c < t.cols; c++) out.data[c * t.rows + r] = t.data[r * t.cols + c]!;
  return out;
}

/** Every output of `compute` on each thread count, compared with one thread's, named by output. */
function assertSameOnEveryThreadCount(options: NativeKernelOptions, compute: (kernel: NativeKernel) => Record<string, Float32Array | Float64Array>): void {
  const kernelFor = (threads: number) => new NativeKernel(addon, { ...options, threads, minParallelWork: 64, adaptiveThreads: false });
  const one = compute(kernelFor(1));
  for (const threads of THREAD_COUNTS.slice(1)) {
    const many = compute(kernelFor(threads));
    for (const [name, values] of Object.entries(one)) {
      const differing = values.findIndex((value, i) => !Object.is(value, many[name]![i]));
      assert.equal(differing, -1, `${name} on ${threads} threads differs from 1 thread first at ${differing}: ${many[name]![differing]} vs ${values[differing]}`);
    }
  }
}

const layerShape = fc.record({
  rows: fc.integer({ min: 1, max: 300 }),
  cols: fc.integer({ min: 1, max: 300 }),
  // Batches past 1 500 take the weight gradient's panels of batch columns where the operands pass 1 MB.
  batch: fc.oneof(fc.integer({ min: 1, max: 160 }), fc.integer({ min: 1500, max: 2100 })),
  seed: fc.integer(),
});
const runs = { numRuns: 12, seed: propertySeed('thread invariance', 'tests/kernel/thread-invariance.test.ts') };

test('masked products in every forced layout, batch- and feature-major, are the same bits on 1, 2 and 3 threads', { skip: unavailable }, () => {
  const layouts: NativeKernelOptions[] = [
    { forwardFormat: 'csr', backwardFormat: 'csc', gradFormat: 'sddmm' },
    { forwardFormat: 'block4', backwardFormat: 'dense', gradFormat: 'dense' },
    { forwardFormat: 'nm24', backwardFormat: 'csc', gradFormat: 'sddmm' },
    { forwardFormat: 'dense', backwardFormat: 'dense', gradFormat: 'dense' },
  ];
  fc.assert(fc.property(layerShape, fc.constantFrom(...layouts), ({ rows: O, cols: I, batch: B, seed }, layout) => {
    const w = new MaskedParameter('w', O, I, data(O * I, seed));
    w.setMask(twoOfFour(O, I, seed + 1));
    const bias = data(O, seed + 2);
    const x = new Tensor(data(B * I, seed + 3), B, I), dy = new Tensor(data(B * O, seed + 4), B, O);
    const [xT, dyT] = [transposed(x), transposed(dy)];
    assertSameOnEveryThreadCount(layout, (kernel) => {
      const y = new Tensor(new Float32Array(B * O), B, O), dx = new Tensor(new Float32Array(B * I), B, I);
      const yT = new Tensor(new Float32Array(O * B), O, B), dxT = new Tensor(new Float32Array(I * B), I, B);
      const [dW, dWT, dS] = [new Float32Array(O * I), new Float32Array(O * I), new Float32Array(O * I)];
      kernel.maskedForward(x, w, bias, y);
      kernel.maskedBackwardInput(dy, w, dx);
      kernel.maskedWeightGrad(dy, x, w, dW);
      kernel.scoreGrad(dy, x, w, dS);
      kernel.maskedForwardFeatureMajor(xT, w, bias, yT);
      kernel.maskedBackwardInputFeatureMajor(dyT, w, dxT);
      kernel.maskedWeightGradFeatureMajor(dyT, xT, w, dWT);
      return { y: y.data, dx: dx.data, dW, dS, yT: yT.data, dxT: dxT.data, dWT };
    });
  }), runs);
});

test('GEMM in every transpose combination, column sums and transposes are the same bits on 1, 2 and 3 threads', { skip: unavailable }, () => {
  fc.assert(fc.property(layerShape, fc.integer({ min: 1, max: 300 }), ({ rows: M, cols: N, batch: K, seed }, columns) => {
    const [a, b, c0] = [data(M * K, seed), data(K * N, seed + 1), data(M * N, seed + 2)];
    assertSameOnEveryThreadCount({}, (kernel) => {
      const outputs: Record<string, Float32Array> = {};
      for (const [transA, transB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
        const c = c0.slice();
        kernel.gemm(transA, transB, M, N, K, 0.75, a, b, 0.5, c);
        outputs[`gemm ${transA ? 'Aᵀ' : 'A'}·${transB ? 'Bᵀ' : 'B'}`] = c;
      }
      const sums = data(columns, seed + 3);
      kernel.addColumnSums(a.subarray(0, Math.floor(a.length / columns) * columns), Math.floor(a.length / columns), columns, sums);
      const t = new Float32Array(M * K);
      kernel.transpose(a, M, K, t);
      return { ...outputs, sums, t };
    });
  }), runs);
});

test('the SGD step, dense and at listed entries, is the same bits on 1, 2 and 3 threads', { skip: unavailable }, () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 20_000 }), fc.integer(), fc.boolean(), (n, seed, nesterov) => {
    const [w0, g, v0] = [data(n, seed), data(n, seed + 1), data(n, seed + 2)];
    const listed = Int32Array.from([...Array(n).keys()].filter((i) => data(1, seed + i)[0]! > 0.4));
    const h = { momentum: 0.9, nesterov, weightDecay: 0 };
    assertSameOnEveryThreadCount({}, (kernel) => {
      const [w, v, wAt, vAt] = [w0.slice(), v0.slice(), w0.slice(), v0.slice()];
      kernel.sgdStep(w, g, v, 0.01, h);
      kernel.sgdStepAt(listed, wAt, g, vAt, 0.01, h);
      return { w, v, wAt, vAt };
    });
  }), runs);
});

test('layer norm, GELU, attention, embedding gathers and scatter-adds, forward and backward, are the same bits on 1, 2 and 3 threads', { skip: unavailable }, () => {
  const encoderShape = fc.record({
    batch: fc.integer({ min: 1, max: 12 }), length: fc.integer({ min: 1, max: 40 }), heads: fc.constantFrom(1, 2, 4),
    headWidth: fc.integer({ min: 1, max: 24 }), seed: fc.integer(),
  });
  fc.assert(fc.property(encoderShape, ({ batch, length, heads, headWidth, seed }) => {
    const width = heads * headWidth, rows = batch * length;
    const shape = { batch, length, heads, width, scale: 1 / Math.sqrt(headWidth) };
    const [x, dy, gain, shift] = [data(rows * width, seed), data(rows * width, seed + 1), data(width, seed + 2), data(width, seed + 3)];
    const [q, k, v] = [data(rows * width, seed + 4), data(rows * width, seed + 5), data(rows * width, seed + 6)];
    const keyValid = Uint8Array.from(data(rows, seed + 7), (value) => (value > -0.6 ? 1 : 0));
    const gates = data(heads, seed + 8);
    const vocabulary = 7;
    const ids = Float32Array.from(data(rows, seed + 9), (value) => Math.floor(((value + 1) / 2) * vocabulary));
    assertSameOnEveryThreadCount({}, (kernel) => {
      const [y, xhat, inverseStd] = [new Float32Array(rows * width), new Float32Array(rows * width), new Float32Array(rows)];
      kernel.layerNorm(x, rows, width, gain, shift, 1e-5, y, xhat, inverseStd);
      const [dx, dGain, dShift] = [new Float32Array(rows * width), new Float32Array(width), new Float32Array(width)];
      kernel.layerNormBackward(dy, xhat, inverseStd, rows, width, gain, dx, dGain, dShift);
      const [g, dg] = [new Float32Array(rows * width), new Float32Array(rows * width)];
      kernel.gelu(x, g);
      kernel.geluBackward(x, dy, dg);
      const probabilities = new Float32Array(batch * heads * length * length);
      const [context, merged] = [new Float32Array(rows * width), new Float32Array(rows * width)];
      kernel.attention(shape, q, k, v, keyValid, gates, probabilities, context, merged);
      const [dq, dk, dv] = [new Float32Array(rows * width), new Float32Array(rows * width), new Float32Array(rows * width)];
      const headDots = new Float64Array(batch * heads);
      kernel.attentionBackward(shape, dy, q, k, v, probabilities, context, gates, dq, dk, dv, headDots);
      const table = new Float32Array(vocabulary * width);
      kernel.embeddingScatterAdd(ids, dy, width, table);
      const gathered = new Float32Array(rows * width);
      kernel.embeddingGather(ids, table, width, gathered);
      return { y, xhat, inverseStd, dx, dGain, dShift, g, dg, probabilities, context, merged, dq, dk, dv, headDots, table, gathered };
    });
  }), runs);
});
