// The addon holds one ISA and thread count per process; each NativeKernel must still run with its own options, and
// the pool's choice between splitting an op and running it on the calling thread changes times, never results.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NativeKernel, loadAddon, nativeBackend, nativeBackendWith } from '@ontogeny/core';

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
  // Three timed calls on the pool, then three on the calling thread, before the first choice.
  for (let call = 0; call < 8; call++) {
    const c = new Float32Array(M * N).fill(NaN);
    adaptive.gemm(false, false, M, N, K, 1, a, b, 0, c);
    assert.deepEqual(c, expected, `call ${call}`);
  }
  const gemm = adaptive.splitReport().find((record) => record.op === 'gemm' && record.work <= M * N * K && M * N * K < 2 * record.work);
  assert.ok(gemm, JSON.stringify(adaptive.splitReport()));
  assert.ok(gemm.splitRuns >= 3 && gemm.singleRuns >= 3, JSON.stringify(gemm));
  assert.ok(gemm.splitMicros > 0 && gemm.singleMicros > 0);
});

test('ONTOGENY_KERNEL_THREADS sets the native backend\'s threads; a bad value is refused with the variable named', { skip: 'unavailable' in addon && addon.unavailable }, () => {
  const saved = process.env.ONTOGENY_KERNEL_THREADS;
  try {
    process.env.ONTOGENY_KERNEL_THREADS = '1';
    const kernel = nativeBackend.load();
    assert.ok(kernel instanceof NativeKernel);
    assert.equal(kernel.configuration.threads, 1);
    assert.equal(nativeBackendWith({ threads: 1 }).load() instanceof NativeKernel, true);
    process.env.ONTOGENY_KERNEL_THREADS = 'two';
    assert.throws(() => nativeBackend.load(), (error: Error & { code?: string }) =>
      error.code === 'ONT_KERNEL_UNAVAILABLE' && /ONTOGENY_KERNEL_THREADS .* found "two"/.test(error.message));
  } finally {
    if (saved === undefined) delete process.env.ONTOGENY_KERNEL_THREADS;
    else process.env.ONTOGENY_KERNEL_THREADS = saved;
  }
});
