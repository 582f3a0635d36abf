// The addon's argument checks and its sparse layout codes: a binding refuses a short or wrongly typed array before
// it touches memory, and each code the addon exports packs the layout it names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BitMask, loadAddon } from '@ontogeny/core';

const addon = loadAddon();
const skip = 'unavailable' in addon && addon.unavailable;

test('each sparse layout code packs the layout it names: CSR row by row, CSC column by column', { skip }, () => {
  if ('unavailable' in addon) return;
  const [rows, cols] = [3, 5];
  const kept = [[0, 1], [0, 4], [2, 1], [2, 3]]; // (row, column), row-major
  const mask = BitMask.from(rows * cols, (i) => kept.some(([r, c]) => r * cols + c === i));
  const pack = (layout: 'csr' | 'csc', units: number) => {
    const ptr = new Int32Array(units + 1), index = new Uint16Array(kept.length), perm = new Int32Array(kept.length);
    addon.pack(addon.formatCodes[layout], mask.words, rows, cols, ptr, index, perm);
    return { ptr: [...ptr], index: [...index], perm: [...perm] };
  };
  // perm: each stored entry's flat index into W (rows × cols).
  assert.deepEqual(pack('csr', rows), { ptr: [0, 2, 2, 4], index: [1, 4, 1, 3], perm: [1, 4, 11, 13] });
  assert.deepEqual(pack('csc', cols), { ptr: [0, 0, 2, 2, 3, 4], index: [0, 2, 2, 0], perm: [1, 11, 13, 4] });
  assert.equal(new Set(Object.values(addon.formatCodes)).size, 4, 'four layouts, four codes');
});

test('a binding refuses a short or wrongly typed array, naming the argument, and writes nothing', { skip }, () => {
  if ('unavailable' in addon) return;
  const x = Float32Array.of(-1, 2, -3, 4), y = new Float32Array(4).fill(7);
  assert.throws(() => addon.relu(4, x, y.subarray(0, 3)), { name: 'TypeError', message: /argument 2 is shorter/ });
  const ints = Int32Array.of(1, 2, 3, 4) as unknown as Float32Array;
  assert.throws(() => addon.relu(4, ints, y), { name: 'TypeError', message: /argument 1 has the wrong typed-array type/ });
  assert.deepEqual([...y], [7, 7, 7, 7]);
  addon.relu(4, x, y);
  assert.deepEqual([...y], [0, 2, 0, 4]);

  const n = 3, values = Float32Array.of(1, 2, 3), zeros = () => new Float32Array(n);
  assert.throws(() => addon.adamStep(n, values, zeros(), zeros(), zeros(), new Float32Array(n - 1), 0.1, 0.9, 0.999, 1e-8,
    0, false), { name: 'TypeError', message: /argument 5 is shorter/ });
  assert.deepEqual([...values], [1, 2, 3]);
});
