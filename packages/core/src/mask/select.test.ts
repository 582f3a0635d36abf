// Selection of the k largest / smallest entries against a sort, ties broken by index.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { kthLargest, markLargest, smallestIndices } from './select.js';

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
