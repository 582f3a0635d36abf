// The native mask analysis (kept entries, 4×1 blocks, the fullest group of 4, empty rows) against counting bit by bit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { BitMask, loadAddon } from '@ontogeny/core';

const addon = loadAddon();

/** The four counts by the definition, one bit at a time. */
function counted(mask: BitMask, rows: number, cols: number): number[] {
  let kept = 0, blocks = 0, worst = 0, empty = 0;
  for (let r = 0; r < rows; r++) {
    let inRow = 0;
    for (let g = 0; g < cols; g += 4) {
      let inGroup = 0;
      for (let c = g; c < Math.min(cols, g + 4); c++) inGroup += mask.get(r * cols + c) ? 1 : 0;
      inRow += inGroup;
      worst = Math.max(worst, inGroup);
    }
    kept += inRow;
    if (inRow === 0) empty++;
  }
  for (let g = 0; g < rows; g += 4) for (let c = 0; c < cols; c++) {
    let any = false;
    for (let r = g; r < Math.min(rows, g + 4); r++) any ||= mask.get(r * cols + c);
    if (any) blocks++;
  }
  return [kept, blocks, worst, empty];
}

test('analyze counts as the definition does, rows starting anywhere within a word', { skip: 'unavailable' in addon && addon.unavailable }, () => {
  if ('unavailable' in addon) return;
  const side = fc.constantFrom(1, 2, 3, 4, 5, 7, 31, 32, 33, 63, 64, 65, 100, 129);
  fc.assert(fc.property(side, side, fc.double({ min: 0, max: 1, noNaN: true }), fc.integer(), (rows, cols, density, seed) => {
    let s = seed >>> 0;
    const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
    const mask = BitMask.from(rows * cols, () => next() < density);
    const counts = new Int32Array(4);
    addon.analyze(mask.words, rows, cols, counts);
    assert.deepEqual([...counts], counted(mask, rows, cols));
  }), { numRuns: 200 });
});
