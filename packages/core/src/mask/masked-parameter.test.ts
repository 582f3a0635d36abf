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

test('switching to a task\'s mask changes the mask alone: the values and their quantization codes stay, nothing is re-quantized', () => {
  const w = new MaskedParameter('fc1.weight', 3, 5, Float32Array.from({ length: 15 }, (_, i) => (i - 7) / 4));
  const quantization = { bits: 4, scales: Float32Array.of(0.25), zeroPoints: Int32Array.of(0), codes: Int32Array.from({ length: 15 }, (_, i) => i - 7) };
  w.quantization = quantization;
  w.taskMasks.set('a', BitMask.from(15, (i) => i % 2 === 0));
  w.taskMasks.set('b', BitMask.from(15, (i) => i < 4));
  const values = w.values.slice();
  const valuesVersion = w.valuesVersion;
  const maskVersion = w.maskVersion;
  w.useTaskMask('a');
  assert.ok(w.mask.equals(w.taskMasks.get('a')!));
  w.useTaskMask('b');
  assert.ok(w.mask.equals(w.taskMasks.get('b')!));
  assert.equal(w.maskVersion, maskVersion + 2);
  assert.equal(w.valuesVersion, valuesVersion);
  assert.deepEqual(w.values, values);
  assert.equal(w.quantization, quantization);
  assert.deepEqual(Array.from(w.quantization.codes), Array.from({ length: 15 }, (_, i) => i - 7));
  assert.throws(() => w.useTaskMask('c'), /no mask for task "c" — masks for: a, b/);
});

test('the mask\'s indices are its kept entries in ascending order, and follow a removal', () => {
  fc.assert(fc.property(shapes, fc.array(fc.boolean(), { minLength: 400, maxLength: 400 }), fc.nat(399), ({ rows, cols }, keep, drop) => {
    const w = parameterWith(rows, cols, 0);
    w.setMask(BitMask.from(w.size, (i) => keep[i]));
    assert.deepEqual([...w.mask.indices()], [...Array(w.size).keys()].filter((i) => keep[i]));
    w.remove([drop % w.size]);
    assert.deepEqual([...w.mask.indices()], [...Array(w.size).keys()].filter((i) => keep[i] && i !== drop % w.size));
  }));
});

test('regrow changes the mask version when an entry joins the mask, removed before or only masked out, and not otherwise', () => {
  fc.assert(fc.property(shapes, fc.array(fc.boolean(), { minLength: 400, maxLength: 400 }), fc.nat(399), ({ rows, cols }, keep, pick) => {
    const w = parameterWith(rows, cols, 1);
    w.setMask(BitMask.from(w.size, (i) => keep[i]));
    const i = pick % w.size;
    const before = w.maskVersion;
    w.regrow([i]);
    assert.equal(w.maskVersion, keep[i] ? before : before + 1, `entry ${i} ${keep[i] ? 'was kept' : 'joined'}`);
    assert.equal(w.mask.get(i), true);
    assert.equal(w.values[i], 0);
  }));
});
