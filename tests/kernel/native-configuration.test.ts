// The addon holds one ISA and thread count per process; each NativeKernel must still run with its own options.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NativeKernel, loadAddon } from '@ontogeny/core';

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
