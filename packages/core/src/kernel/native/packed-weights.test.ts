// One packed layout per task mask: switching back to a task finds its layout packed, and never a stale one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BitMask } from '../../mask/bit-mask.js';
import { MaskedParameter } from '../../mask/masked-parameter.js';
import { Rng } from '../../tensor/rng.js';
import { Tensor } from '../../tensor/tensor.js';
import { ReferenceKernel } from '../reference/reference-kernel.js';
import { loadAddon } from './addon.js';
import { NativeKernel } from './native-kernel.js';
import { PackedWeights } from './packed-weights.js';

const addon = loadAddon();
const skip = 'unavailable' in addon ? addon.unavailable : false;

/** A 40×96 layer with two sparse task masks, a and b. */
function layer(): MaskedParameter {
  const rng = Rng.derive(0, 'packed-weights-test');
  const w = new MaskedParameter('fc1.weight', 40, 96, Float32Array.from({ length: 40 * 96 }, () => rng.normal()));
  w.taskMasks.set('a', BitMask.from(w.size, () => rng.uniform() < 0.05));
  w.taskMasks.set('b', BitMask.from(w.size, () => rng.uniform() < 0.05));
  return w;
}

test('a task switched back to finds its CSR layout packed; another change of mask does not', { skip }, () => {
  if ('unavailable' in addon) return;
  const w = layer();
  const packed = new PackedWeights(addon, w);
  const use = (task: string) => { w.useTaskMask(task); packed.refresh(); };
  use('a');
  packed.layout('csr');
  use('b');
  assert.equal(packed.state('csr').packed, false);
  packed.layout('csr');
  use('a');
  assert.equal(packed.state('csr').packed, true);
  use('b');
  assert.equal(packed.state('csr').packed, true);
  // The same bits set by hand are not a task's mask: nothing is assumed about them
  w.setMask(BitMask.ones(w.size));
  w.setMask(w.taskMasks.get('a')!);
  packed.refresh();
  assert.equal(w.activeTaskMask, null);
  assert.equal(packed.state('csr').packed, false);
  // A connection of task a removed for good: a's kept layout no longer describes the active mask
  const first = [...Array(w.size).keys()].find((i) => w.taskMasks.get('a')!.get(i))!;
  use('a');
  packed.layout('csr');
  w.remove([first]);
  use('b');
  use('a');
  assert.equal(packed.state('csr').packed, false);
});

test('forward passes through kept layouts equal the reference kernel\'s, task after task', { skip }, () => {
  if ('unavailable' in addon) return;
  const w = layer();
  const native = new NativeKernel(addon, { threads: 1, forwardFormat: 'csr' });
  const reference = new ReferenceKernel();
  const rng = Rng.derive(1, 'packed-weights-test');
  const x = new Tensor(Float32Array.from({ length: 32 * 96 }, () => rng.normal()), 32, 96);
  const bias = new Float32Array(40).fill(0.5);
  let largest = 0;
  for (const task of ['a', 'b', 'a', 'b', 'a']) {
    w.useTaskMask(task);
    const y = Tensor.zeros(32, 40);
    const expected = Tensor.zeros(32, 40);
    native.maskedForward(x, w, bias, y);
    reference.maskedForward(x, w, bias, expected);
    y.data.forEach((value, i) => { largest = Math.max(largest, Math.abs(value - expected.data[i]!)); });
  }
  console.log(`# kept layouts vs reference: largest difference ${largest.toExponential(2)}`);
  assert.ok(largest < 1e-5);
});
