// The generated language's lexicon: concepts in word classes, each with synonymous stems, inflected for number.
import { Rng } from '@ontogeny/core';

export type WordClass = 'noun' | 'verb-transitive' | 'verb-intransitive' | 'adjective' | 'adverb' | 'determiner' | 'negation' | 'relative';
export type GrammaticalNumber = 'singular' | 'plural';
export type Polarity = -1 | 0 | 1;

/** Semantic categories of nouns: subjects are creatures; each transitive verb selects one category of object. */
export const NOUN_CATEGORIES = ['creature', 'food', 'tool', 'place'] as const;

/** A meaning with one or more synonymous surface stems. Nouns and verbs inflect for number; determiners may be fixed to one. */
export interface Concept {
  readonly id: number;
  readonly wordClass: WordClass;
  /** Nouns: their category; transitive verbs: the category of their object; otherwise −1. */
  readonly category: number;
  readonly polarity: Polarity;
  /** Determiners only: the number they demand (null: either). */
  readonly fixedNumber: GrammaticalNumber | null;
  readonly stems: readonly string[];
  /** Concepts this one prefers as neighbours (a noun's adjectives, a verb's objects): its distributional fingerprint. */
  readonly collocates: readonly number[];
}

export interface Lexicon {
  readonly concepts: readonly Concept[];
  byClass(wordClass: WordClass): readonly Concept[];
  /** The surface form of a concept's stem `synonym` in `number` (nouns: plural adds -s; verbs: singular adds -s). */
  form(concept: Concept, synonym: number, number: GrammaticalNumber | null): string;
  /** Every surface form, in a fixed order (the tokenizer's vocabulary after the special tokens). */
  forms(): string[];
}

/** How many concepts of each class, with their polarities (+, −, neutral) and nouns per category. */
const PLAN = {
  nounsPerCategory: [14, 9, 9, 8],
  transitive: { positive: 3, negative: 3, neutral: 6 },
  intransitive: { positive: 2, negative: 2, neutral: 4 },
  adjectives: { positive: 6, negative: 6, neutral: 8 },
  adverbs: { positive: 3, negative: 3, neutral: 2 },
};

const ONSETS = ['b', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z', 'br', 'dr', 'gl', 'kr', 'pl', 'st', 'tr', 'sk', 'fl', 'sn'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou', 'ea'];
const CODAS = ['', '', 'n', 'r', 'l', 'm', 'k', 't'];

/**
 * Builds the lexicon deterministically from `seed`: pronounceable nonsense stems (so no English prior helps),
 * two synonyms per concept (three for every third), and collocation preferences.
 */
export function generateLexicon(seed: number): Lexicon {
  const rng = Rng.derive(seed, 'language', 'lexicon');
  const used = new Set<string>();
  const stem = (syllables: number): string => {
    for (;;) {
      let word = '';
      for (let s = 0; s < syllables; s++) word += ONSETS[rng.int(ONSETS.length)] + VOWELS[rng.int(VOWELS.length)] + (s === syllables - 1 ? CODAS[rng.int(CODAS.length)] : '');
      // Forms are stem, stem+s: keep both free of clashes with every other stem's forms
      if (!used.has(word) && !used.has(`${word}s`) && !word.endsWith('s')) {
        used.add(word);
        used.add(`${word}s`);
        return word;
      }
    }
  };
  const concepts: Concept[] = [];
  const add = (wordClass: WordClass, category: number, polarity: Polarity, syllables: number, fixedNumber: GrammaticalNumber | null = null, synonyms?: number): void => {
    const id = concepts.length;
    const count = synonyms ?? (id % 3 === 0 ? 3 : 2);
    concepts.push({ id, wordClass, category, polarity, fixedNumber, stems: Array.from({ length: count }, () => stem(syllables)), collocates: [] });
  };
  const polarized = (wordClass: WordClass, plan: { positive: number; negative: number; neutral: number }, syllables: number, category = -1): void => {
    for (let i = 0; i < plan.positive; i++) add(wordClass, category, 1, syllables);
    for (let i = 0; i < plan.negative; i++) add(wordClass, category, -1, syllables);
    for (let i = 0; i < plan.neutral; i++) add(wordClass, category, 0, syllables);
  };
  // Function words: one stem each, short
  add('determiner', -1, 0, 1, null, 1);
  add('determiner', -1, 0, 1, 'singular', 1);
  add('determiner', -1, 0, 1, 'singular', 1);
  add('determiner', -1, 0, 1, 'plural', 1);
  add('determiner', -1, 0, 1, 'plural', 1);
  add('negation', -1, 0, 1, null, 1);
  add('relative', -1, 0, 1, null, 1);
  PLAN.nounsPerCategory.forEach((count, category) => { for (let i = 0; i < count; i++) add('noun', category, 0, 2); });
  const transitiveStart = concepts.length;
  polarized('verb-transitive', PLAN.transitive, 2);
  polarized('verb-intransitive', PLAN.intransitive, 2);
  polarized('adjective', PLAN.adjectives, 3);
  polarized('adverb', PLAN.adverbs, 3);
  // Objects: spread transitive verbs over the categories, so every category can be an object
  const withCategories = concepts.map((concept, i) => (concept.wordClass === 'verb-transitive' ? { ...concept, category: (i - transitiveStart) % NOUN_CATEGORIES.length } : concept));
  const byClass = (list: readonly Concept[], wordClass: WordClass): Concept[] => list.filter((c) => c.wordClass === wordClass);
  const adjectives = byClass(withCategories, 'adjective');
  const nouns = byClass(withCategories, 'noun');
  const finished = withCategories.map((concept) => {
    const pick = (pool: readonly Concept[], n: number): number[] => rng.shuffle([...pool]).slice(0, n).map((c) => c.id);
    if (concept.wordClass === 'noun') return { ...concept, collocates: pick(adjectives, 3) };
    if (concept.wordClass === 'verb-transitive') return { ...concept, collocates: pick(nouns.filter((n) => n.category === concept.category), 3) };
    return concept;
  });
  const classes = new Map<WordClass, Concept[]>();
  for (const concept of finished) classes.set(concept.wordClass, [...(classes.get(concept.wordClass) ?? []), concept]);
  const form = (concept: Concept, synonym: number, number: GrammaticalNumber | null): string => {
    const base = concept.stems[synonym];
    if (base === undefined) throw new RangeError(`concept ${concept.id} has no synonym ${synonym}`);
    if (concept.wordClass === 'noun') return number === 'plural' ? `${base}s` : base;
    if (concept.wordClass === 'verb-transitive' || concept.wordClass === 'verb-intransitive') return number === 'singular' ? `${base}s` : base;
    return base;
  };
  return {
    concepts: finished,
    byClass: (wordClass) => classes.get(wordClass) ?? [],
    form,
    forms: () => finished.flatMap((concept) => concept.stems.flatMap((_, synonym) => {
      const inflects = concept.wordClass === 'noun' || concept.wordClass.startsWith('verb');
      return inflects ? [form(concept, synonym, 'singular'), form(concept, synonym, 'plural')] : [form(concept, synonym, null)];
    })),
  };
}
