// A binary mask packed 32 entries to a word: one bit per weight per task.

/** A fixed-length vector of bits; entry i lives in bit (i & 31) of word (i >>> 5). Bits past `length` stay 0. */
export class BitMask {
  readonly words: Uint32Array;

  constructor(readonly length: number, words?: Uint32Array) {
    const wordCount = Math.ceil(length / 32);
    if (words && words.length !== wordCount) {
      throw new RangeError(`BitMask: ${length} bits need ${wordCount} words, got ${words.length}`);
    }
    this.words = words ?? new Uint32Array(wordCount);
  }

  /** A mask with every entry set. */
  static ones(length: number): BitMask {
    const mask = new BitMask(length);
    mask.fill(true);
    return mask;
  }

  /** A mask with entry i set where `predicate(i)` holds. */
  static from(length: number, predicate: (i: number) => boolean): BitMask {
    const mask = new BitMask(length);
    for (let i = 0; i < length; i++) if (predicate(i)) mask.set(i, true);
    return mask;
  }

  get(i: number): boolean {
    return ((this.words[i >>> 5] >>> (i & 31)) & 1) === 1;
  }

  set(i: number, on: boolean): void {
    if (on) this.words[i >>> 5] |= 1 << (i & 31);
    else this.words[i >>> 5] &= ~(1 << (i & 31));
  }

  fill(on: boolean): void {
    this.words.fill(on ? 0xffffffff : 0);
    if (on) this.clearTail();
  }

  /** The number of set entries, counted exactly. */
  count(): number {
    let total = 0;
    for (let w = 0; w < this.words.length; w++) total += popcount(this.words[w]);
    return total;
  }

  /** The positions of the set entries, ascending. */
  indices(): Int32Array {
    const indices = new Int32Array(this.count());
    let n = 0;
    for (let w = 0; w < this.words.length; w++) {
      for (let bits = this.words[w]; bits !== 0; bits &= bits - 1) indices[n++] = (w << 5) | (31 - Math.clz32(bits & -bits));
    }
    return indices;
  }

  copy(): BitMask {
    return new BitMask(this.length, this.words.slice());
  }

  /** this ← this ∧ ¬other. */
  andNot(other: BitMask): void {
    for (let w = 0; w < this.words.length; w++) this.words[w] &= ~other.words[w];
  }

  /** this ← this ∨ other. */
  or(other: BitMask): void {
    for (let w = 0; w < this.words.length; w++) this.words[w] |= other.words[w];
  }

  equals(other: BitMask): boolean {
    if (other.length !== this.length) return false;
    for (let w = 0; w < this.words.length; w++) if (this.words[w] !== other.words[w]) return false;
    return true;
  }

  /** Writes 1 where set and 0 elsewhere. */
  expandTo(out: Float32Array): void {
    for (let i = 0; i < this.length; i++) out[i] = (this.words[i >>> 5] >>> (i & 31)) & 1;
  }

  private clearTail(): void {
    const tail = this.length & 31;
    if (tail !== 0) this.words[this.words.length - 1] &= 2 ** tail - 1;
  }
}

function popcount(word: number): number {
  word -= (word >>> 1) & 0x55555555;
  word = (word & 0x33333333) + ((word >>> 2) & 0x33333333);
  return (Math.imul((word + (word >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}
