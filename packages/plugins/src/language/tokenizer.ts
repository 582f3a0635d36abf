// A word-level tokenizer for the generated language, with BERT's special tokens at fixed ids.
export const PAD = 0;
export const CLS = 1;
export const SEP = 2;
export const MASK = 3;
export const UNK = 4;
export const SPECIAL_TOKENS = ['[PAD]', '[CLS]', '[SEP]', '[MASK]', '[UNK]'] as const;

/** Maps words to ids and back; encodes one sentence or a pair as [CLS] a [SEP] (b [SEP]), padded to a length. */
export class Tokenizer {
  private readonly ids = new Map<string, number>();
  readonly words: readonly string[];

  constructor(forms: readonly string[]) {
    this.words = [...SPECIAL_TOKENS, ...forms];
    this.words.forEach((word, id) => {
      if (this.ids.has(word)) throw new Error(`tokenizer: "${word}" appears twice in the vocabulary`);
      this.ids.set(word, id);
    });
  }

  get size(): number {
    return this.words.length;
  }

  id(word: string): number {
    return this.ids.get(word) ?? UNK;
  }

  /** [CLS] a [SEP] or [CLS] a [SEP] b [SEP], then [PAD] up to `length`; throws when it does not fit. */
  encode(a: readonly string[], b: readonly string[] | null, length: number): Int32Array {
    const tokens = [CLS, ...a.map((w) => this.id(w)), SEP, ...(b ? [...b.map((w) => this.id(w)), SEP] : [])];
    if (tokens.length > length) throw new RangeError(`tokenizer: ${tokens.length} tokens do not fit in ${length}`);
    const out = new Int32Array(length); // PAD = 0
    out.set(tokens);
    return out;
  }

  decode(ids: ArrayLike<number>): string {
    return Array.from(ids, (id) => this.words[id] ?? '[?]').filter((w) => w !== '[PAD]').join(' ');
  }
}
