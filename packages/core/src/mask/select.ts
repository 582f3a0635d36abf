// Selection of the k largest entries of an array in linear time, with ties broken by index so runs reproduce.

/**
 * The value v such that exactly `k` entries of `values` are ≥ v when ties are counted, i.e. the k-th largest
 * (1-based). Reorders `scratch`, which must hold a copy of the candidates (length ≥ `n`); NaN counts as −∞.
 * Hoare's quickselect with a median-of-three pivot: expected O(n), no allocation.
 */
export function kthLargest(scratch: Float32Array, n: number, k: number): number {
  if (k < 1 || k > n) throw new RangeError(`kthLargest: k = ${k} outside 1…${n}`);
  for (let i = 0; i < n; i++) if (scratch[i] !== scratch[i]) scratch[i] = -Infinity;
  const target = k - 1; // the index it would have if the array were sorted descending
  let low = 0;
  let high = n - 1;
  while (high > low) {
    const middle = (low + high) >>> 1;
    const pivot = medianOfThree(scratch[low], scratch[middle], scratch[high]);
    let i = low;
    let j = high;
    while (i <= j) {
      while (scratch[i] > pivot) i++;
      while (scratch[j] < pivot) j--;
      if (i <= j) {
        const held = scratch[i];
        scratch[i] = scratch[j];
        scratch[j] = held;
        i++;
        j--;
      }
    }
    if (target <= j) high = j;
    else if (target >= i) low = i;
    else break; // j < target < i: the entries between are equal to the pivot
  }
  return scratch[target];
}

/**
 * Marks in `out` (0/1 per entry) the `k` largest of `values[0…n)` among entries where `eligible(i)` holds.
 * Entries equal to the k-th largest are taken lowest index first, so the choice is deterministic.
 * Returns how many were marked: min(k, eligible count). `scratch` needs length ≥ n.
 */
export function markLargest(values: ArrayLike<number>, n: number, k: number, eligible: (i: number) => boolean,
  scratch: Float32Array, out: Uint8Array): number {
  out.fill(0, 0, n);
  let candidates = 0;
  for (let i = 0; i < n; i++) if (eligible(i)) scratch[candidates++] = values[i] !== values[i] ? -Infinity : values[i];
  if (k <= 0 || candidates === 0) return 0;
  if (k >= candidates) {
    for (let i = 0; i < n; i++) if (eligible(i)) out[i] = 1;
    return candidates;
  }
  const threshold = kthLargest(scratch, candidates, k);
  let above = 0;
  for (let i = 0; i < n; i++) if (eligible(i) && orNegInf(values[i]) > threshold) { out[i] = 1; above++; }
  let ties = k - above;
  for (let i = 0; i < n && ties > 0; i++) {
    if (eligible(i) && orNegInf(values[i]) === threshold) { out[i] = 1; ties--; }
  }
  return k;
}

/**
 * The indices of the `k` smallest of `values[0…n)` among eligible entries, ascending by index; ties at the
 * boundary go to the lowest indices. The complement of `markLargest`, for removing the least important.
 */
export function smallestIndices(values: ArrayLike<number>, n: number, k: number, eligible: (i: number) => boolean,
  scratch: Float32Array): Int32Array {
  let candidates = 0;
  for (let i = 0; i < n; i++) if (eligible(i)) scratch[candidates++] = -orNegInf(values[i]);
  const count = Math.max(0, Math.min(k, candidates));
  const chosen = new Int32Array(count);
  if (count === 0) return chosen;
  // The k smallest are the k largest of the negated values; −(−∞) = +∞ puts NaN importance first to go.
  const threshold = count === candidates ? Infinity : -kthLargest(scratch, candidates, count);
  let taken = 0;
  for (let i = 0; i < n && taken < count; i++) if (eligible(i) && orNegInf(values[i]) < threshold) chosen[taken++] = i;
  for (let i = 0; i < n && taken < count; i++) if (eligible(i) && orNegInf(values[i]) === threshold) chosen[taken++] = i;
  return chosen.sort(); // two ascending runs (below the threshold, then ties) back into index order
}

function orNegInf(value: number): number {
  return value !== value ? -Infinity : value;
}

function medianOfThree(a: number, b: number, c: number): number {
  if (a < b) return b < c ? b : a < c ? c : a;
  return a < c ? a : b < c ? c : b;
}

/** The k-th largest of some non-negative float32 values and how many are strictly larger. */
export interface Threshold {
  readonly value: number;
  readonly above: number;
}

/**
 * The k-th largest (1-based) of the non-negative entries of `values` — entries with the sign bit set (negative
 * numbers, −0, −∞) are ignored — found by radix selection: non-negative IEEE floats order like their bit
 * patterns, so one pass builds a histogram of the top 16 bits, the bin holding the k-th largest is found by a
 * walk from the top, and a quickselect runs only over that bin's few entries. Two linear passes and no
 * allocation when `histogram` (65536 bins) and `scratch` (length ≥ values.length) are reused; a mask learner
 * calls it every step. Returns null when fewer than k entries are non-negative.
 */
export function kthLargestNonNegative(values: Float32Array, k: number, histogram: Uint32Array, scratch: Float32Array): Threshold | null {
  if (k < 1) throw new RangeError(`kthLargestNonNegative: k = ${k} must be at least 1`);
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  histogram.fill(0);
  for (let i = 0; i < bits.length; i++) {
    const u = bits[i];
    if (u >>> 31 === 0) histogram[u >>> 16]++;
  }
  let before = 0;
  let bin = 32767; // the largest bin a non-negative float (NaN included) can fall in
  while (bin >= 0 && before + histogram[bin] < k) before += histogram[bin--];
  if (bin < 0) return null;
  let inBin = 0;
  for (let i = 0; i < bits.length; i++) if (bits[i] >>> 16 === bin) scratch[inBin++] = values[i];
  const value = kthLargest(scratch, inBin, k - before);
  let above = before;
  for (let i = 0; i < inBin; i++) if (scratch[i] > value) above++;
  return { value, above };
}
