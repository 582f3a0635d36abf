// The native GEMM packs A and B in blocks (MC rows, KC steps of k, NC columns) and computes MR×NR tiles; the
// contract suite's shapes stay inside one block, so these cross every block edge, with edge tiles, under each ISA
// and on one thread and two (whose results must be the same bits).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NativeKernel, loadAddon } from '@ontogeny/core';
import { firstOutside, product } from './float64-reference.js';

const addon = loadAddon();

// [M, N, K]: past one and two m-blocks (MC = 144), k-blocks (KC = 256), and the n-block (NC = 4096).
const shapes: ReadonlyArray<[number, number, number]> = [[150, 40, 300], [301, 23, 520], [7, 4100, 9], [1, 1, 1]];

test('native gemm is within the bound and the same bits on one thread and two across its blocks', { skip: 'unavailable' in addon && addon.unavailable }, () => {
  if ('unavailable' in addon) return;
  const isas = [...new Set([addon.configure().isa, 'portable'])];
  for (const isa of isas) {
    const one = new NativeKernel(addon, { isa, threads: 1 });
    const two = new NativeKernel(addon, { isa, threads: 2, minParallelWork: 64, adaptiveThreads: false });
    for (const [M, N, K] of shapes) {
      const a = Float32Array.from({ length: M * K }, (_, i) => Math.sin(i * 0.37));
      const b = Float32Array.from({ length: K * N }, (_, i) => Math.cos(i * 0.61));
      const start = Float32Array.from({ length: M * N }, (_, i) => Math.sin(i * 0.13));
      for (const ta of [false, true]) {
        for (const tb of [false, true]) {
          const exact = product(M, N, K, (i, k) => (ta ? a[k * M + i] : a[i * K + k]),
            (k, j) => (tb ? b[j * K + k] : b[k * N + j]));
          // α = 1 (the layers' case) packs A by its fast paths; other α scale it as they pack.
          for (const [alpha, beta] of [[1, 0], [-0.5, 0.25]]) {
            const label = `${isa} ${M}×${N}×${K} ta=${ta} tb=${tb} α=${alpha} β=${beta}`;
            // β = 0 must not read C, so NaN there must be overwritten.
            const fresh = () => (beta === 0 ? new Float32Array(M * N).fill(NaN) : Float32Array.from(start));
            const c1 = fresh(), c2 = fresh();
            one.gemm(ta, tb, M, N, K, alpha, a, b, beta, c1);
            two.gemm(ta, tb, M, N, K, alpha, a, b, beta, c2);
            const want = Float64Array.from(exact.value, (v, i) => alpha * v + beta * start[i]);
            const magnitude = Float64Array.from(exact.magnitude, (v, i) => Math.abs(alpha) * v + Math.abs(beta * start[i]));
            assert.equal(firstOutside(c1, want, magnitude, K), null, label);
            assert.deepEqual(c2, c1, label);
          }
        }
      }
    }
  }
});
