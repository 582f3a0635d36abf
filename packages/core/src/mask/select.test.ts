// Selection of the k largest / smallest entries against a sort, ties broken by index.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { kthLargest, kthLargestNonNegative, markLargest, smallestIndices } from './select.js';

describe('selection', () => {
  it('kthLargest agrees with a descending sort', () => {
    fc.assert(fc.property(fc.array(fc.float({ noNaN: true }), { minLength: 1, maxLength: 200 }), fc.nat(), (values, pick) => {
      const k = (pick % values.length) + 1;
      const sorted = Float32Array.from(values).sort().reverse();
      assert.equal(kthLargest(Float32Array.from(values), values.length, k), sorted[k - 1]);
    }), { numRuns: 500 });
  });
  it('markLargest and smallestIndices pick by value, then by lowest index, among eligible entries', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 100 }), fc.nat(), fc.nat(),
      (values, pick, salt) => {
        const n = values.length;
        const eligible = (i: number) => (i * 7 + salt) % 5 !== 0;
        const order = values.map((v, i) => ({ v, i })).filter(({ i }) => eligible(i));
        const k = pick % (order.length + 1);
        const largest = [...order].sort((a, b) => b.v - a.v || a.i - b.i).slice(0, k).map(({ i }) => i).sort((a, b) => a - b);
        const smallest = [...order].sort((a, b) => a.v - b.v || a.i - b.i).slice(0, k).map(({ i }) => i).sort((a, b) => a - b);
        const out = new Uint8Array(n);
        assert.equal(markLargest(values, n, k, eligible, new Float32Array(n), out), k);
        assert.deepEqual([...out].flatMap((bit, i) => (bit ? [i] : [])), largest);
        assert.deepEqual([...smallestIndices(values, n, k, eligible, new Float32Array(n))], smallest);
      }), { numRuns: 500 });
  });
});

describe('radix selection', () => {
  it('kthLargestNonNegative agrees with a sort of the non-negative entries', () => {
    fc.assert(fc.property(
      fc.array(fc.oneof(fc.float({ noNaN: true, min: -1, max: 1e6 }), fc.constantFrom(0, -1, 0.5, 1e-30, 3)), { minLength: 1, maxLength: 300 }),
      fc.nat(), (values, pick) => {
        const array = Float32Array.from(values);
        const live = [...array].filter((v) => v >= 0 && !Object.is(v, -0)).sort((a, b) => b - a);
        const k = (pick % (live.length + 1)) + 1;
        const found = kthLargestNonNegative(array, k, new Uint32Array(65536), new Float32Array(array.length));
        if (k > live.length) return assert.equal(found, null);
        assert.equal(found!.value, live[k - 1]);
        assert.equal(found!.above, live.filter((v) => v > live[k - 1]).length);
      }), { numRuns: 500 });
  });
});
