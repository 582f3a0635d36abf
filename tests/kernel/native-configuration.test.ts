// The addon holds one ISA and thread count per process; each NativeKernel must still run with its own options, and
// the pool's choice between splitting an op and running it on the calling thread changes times, never results.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BitMask, MaskedParameter, NativeKernel, PluginRegistry, Rng, Tensor, chooseKernel, loadAddon } from '@ontogeny/core';

const addon = loadAddon();

test('two native kernels with different options each run with their own ISA and threads', { skip: 'unavailable' in addon && addon.unavailable }, () => {
  if ('unavailable' in addon) return;
  const best = addon.configure().isa;
  const portableOne = new NativeKernel(addon, { isa: 'portable', threads: 1 });
  const bestTwo = new NativeKernel(addon, { isa: best, threads: 2 });
  const x = Float32Array.of(-1, 2), y = new Float32Array(2);
  // bestTwo was made last, so the addon is set to it until portableOne calls.
  assert.deepEqual([addon.configure().isa, addon.configure().threads], [best, 2]);
  portableOne.relu(x, y);
  assert.deepEqual([addon.configure().isa, addon.configure().threads], ['portable', 1]);
  bestTwo.relu(x, y);
  assert.deepEqual([addon.configure().isa, addon.configure().threads], [best, 2]);
  assert.deepEqual([...y], [0, 2]);
});

test('the pool times split ops both ways and either way gives the same bits', { skip: 'unavailable' in addon && addon.unavailable }, () => {
  if ('unavailable' in addon) return;
  const [M, N, K] = [96, 80, 300];
  const a = Float32Array.from({ length: M * K }, (_, i) => Math.sin(i));
  const b = Float32Array.from({ length: K * N }, (_, i) => Math.cos(i));
  const fixed = new NativeKernel(addon, { threads: 2, minParallelWork: 64, adaptiveThreads: false });
  const expected = new Float32Array(M * N);
  fixed.gemm(false, false, M, N, K, 1, a, b, 0, expected);
  const adaptive = new NativeKernel(addon, { threads: 2, minParallelWork: 64 });
  // Three timed calls on the pool, then three on the calling thread, before the first choice; the first call
  // each way is not timed.
  for (let call = 0; call < 10; call++) {
    const c = new Float32Array(M * N).fill(NaN);
    adaptive.gemm(false, false, M, N, K, 1, a, b, 0, c);
    assert.deepEqual(c, expected, `call ${call}`);
  }
  const gemm = adaptive.splitReport().find((record) => record.op === 'gemm' && record.work <= M * N * K && M * N * K < 2 * record.work);
  assert.ok(gemm, JSON.stringify(adaptive.splitReport()));
  assert.ok(gemm.splitRuns >= 3 && gemm.singleRuns >= 3, JSON.stringify(gemm));
  assert.ok(gemm.splitMicros > 0 && gemm.singleMicros > 0);
});

test('the native plugin\'s threads option sets its kernel\'s threads; the retired environment variables are refused, naming the spec option', { skip: 'unavailable' in addon && addon.unavailable }, () => {
  const registry = new PluginRegistry();
  const kernel = chooseKernel(registry, { use: 'native', with: { threads: 1 } }).kernel;
  assert.ok(kernel instanceof NativeKernel);
  assert.equal(kernel.configuration.threads, 1);
  // The executor's cap applies only where the spec gives no thread count
  assert.equal((chooseKernel(registry, 'native', { seed: 0, threadCap: 1 }).kernel as NativeKernel).configuration.threads, 1);
  assert.equal((chooseKernel(registry, { use: 'native', with: { threads: 2 } }, { seed: 0, threadCap: 1 }).kernel as NativeKernel).configuration.threads, 2);
  for (const [variable, option] of [['ONTOGENY_KERNEL_THREADS', '"threads": 1'], ['ONTOGENY_NATIVE_LAYOUT', '"layout": "csr"'], ['ONTOGENY_ISA', '"isa": "avx2"']]) {
    process.env[variable] = '1';
    try {
      assert.throws(() => chooseKernel(registry, 'native'), (error: Error & { code?: string }) =>
        error.code === 'ONT_KERNEL_UNAVAILABLE' && error.message.includes(variable) && error.message.includes(option));
    } finally {
      delete process.env[variable];
    }
  }
});

test('a sparse weight gradient (SDDMM, batch- and feature-major) is the same bits on one thread and on two', { skip: 'unavailable' in addon && addon.unavailable }, () => {
  // Its batch parts' products are summed part by part, so the part count must not follow the thread count.
  const [O, I, B] = [300, 784, 128];
  const rng = Rng.derive(7, 'sddmm threads');
  const next = () => rng.uniform();
  const w = new MaskedParameter('w', O, I, Float32Array.from({ length: O * I }, () => next() - 0.5));
  w.setMask(BitMask.from(O * I, () => next() < 0.1));
  const x = new Tensor(Float32Array.from({ length: B * I }, () => next() - 0.5), B, I);
  const dy = new Tensor(Float32Array.from({ length: B * O }, () => next() - 0.5), B, O);
  const xT = new Tensor(new Float32Array(I * B), I, B), dyT = new Tensor(new Float32Array(O * B), O, B);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < I; i++) xT.data[i * B + b] = x.data[b * I + i]!;
    for (let o = 0; o < O; o++) dyT.data[o * B + b] = dy.data[b * O + o]!;
  }
  const gradients = (threads: number) => {
    const kernel = new NativeKernel(addon, { threads, gradFormat: 'sddmm', minParallelWork: 64, adaptiveThreads: false });
    const batchMajor = new Float32Array(O * I), featureMajor = new Float32Array(O * I);
    kernel.maskedWeightGrad(dy, x, w, batchMajor);
    kernel.maskedWeightGradFeatureMajor(dyT, xT, w, featureMajor);
    return { batchMajor, featureMajor };
  };
  const one = gradients(1), two = gradients(2);
  assert.ok(one.batchMajor.some((value) => value !== 0), 'the gradient has kept entries');
  assert.deepEqual(two.batchMajor, one.batchMajor);
  assert.deepEqual(two.featureMajor, one.featureMajor);
});
