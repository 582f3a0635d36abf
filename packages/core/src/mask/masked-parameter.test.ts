// Properties of the masked parameter: DESIGN.md's invariants, checked on random masks, removals and values.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { BitMask } from './bit-mask.js';
import { MaskedParameter } from './masked-parameter.js';

const shapes = fc.record({ rows: fc.integer({ min: 1, max: 9 }), cols: fc.integer({ min: 1, max: 40 }) });

function parameterWith(rows: number, cols: number, seed: number): MaskedParameter {
  const w = new MaskedParameter('w', rows, cols);
  for (let i = 0; i < w.size; i++) w.values[i] = Math.sin(seed + i * 1.7);
  return w;
}

test('setMask never lets a removed connection back in, and learning structure never changes a value', () => {
  fc.assert(fc.property(shapes, fc.integer(), fc.array(fc.boolean(), { minLength: 400, maxLength: 400 }),
    fc.array(fc.boolean(), { minLength: 400, maxLength: 400 }), ({ rows, cols }, seed, removals, proposal) => {
      const w = parameterWith(rows, cols, seed);
      const before = w.values.slice();
      w.remove([...Array(w.size).keys()].filter((i) => removals[i]));
      w.setMask(BitMask.from(w.size, (i) => proposal[i]));
      w.setMask(BitMask.ones(w.size));
      for (let i = 0; i < w.size; i++) {
        if (removals[i]) assert.equal(w.mask.get(i), false, `entry ${i} was removed but is back in the mask`);
      }
      assert.deepEqual(w.values, before);
    }));
});

test('density is the exact count of kept entries', () => {
  fc.assert(fc.property(shapes, fc.array(fc.boolean(), { minLength: 400, maxLength: 400 }), ({ rows, cols }, keep) => {
    const w = parameterWith(rows, cols, 0);
    w.setMask(BitMask.from(w.size, (i) => keep[i]));
    const expected = keep.slice(0, w.size).filter(Boolean).length;
    assert.equal(w.keptCount(), expected);
    assert.equal(w.density(), expected / w.size);
  }));
});

test('effective() is W where the mask is set and exactly 0 elsewhere, refreshed when either changes', () => {
  const w = parameterWith(3, 5, 1);
  w.setMask(BitMask.from(15, (i) => i % 3 === 0));
  const effective = w.effective();
  for (let i = 0; i < 15; i++) assert.equal(effective[i], i % 3 === 0 ? w.values[i] : 0);
  w.values[0] = 42;
  w.touch();
  assert.equal(w.effective()[0], 42);
  w.setMask(BitMask.from(15, (i) => i === 1));
  assert.equal(w.effective()[0], 0);
  assert.equal(w.effective()[1], w.values[1]);
});

test('regrow brings a removed connection back at zero', () => {
  const w = parameterWith(2, 4, 3);
  w.remove([2, 5]);
  assert.equal(w.regrow([5]), 1);
  assert.equal(w.mask.get(5), true);
  assert.equal(w.removed.get(5), false);
  assert.equal(w.values[5], 0);
  assert.equal(w.mask.get(2), false);
});

test('BitMask counts like a plain loop and keeps bits past its length clear', () => {
  fc.assert(fc.property(fc.array(fc.boolean(), { minLength: 0, maxLength: 200 }), (bits) => {
    const mask = BitMask.from(bits.length, (i) => bits[i]);
    assert.equal(mask.count(), bits.filter(Boolean).length);
    mask.fill(true);
    assert.equal(mask.count(), bits.length);
  }));
});
