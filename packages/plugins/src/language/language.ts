// The generated language as one object: its lexicon and tokenizer, built once per language seed and shared by every task.
import type { Rng } from '@ontogeny/core';
import type { SynonymPolicy } from './grammar.js';
import { generateLexicon, type Concept, type Lexicon } from './lexicon.js';
import { Tokenizer } from './tokenizer.js';

export interface Language {
  readonly seed: number;
  readonly lexicon: Lexicon;
  readonly tokenizer: Tokenizer;
}

const cache = new Map<number, Language>();

/**
 * The language of `seed` (the same object on every call). Tasks built with the same seed share a vocabulary,
 * so a model pre-trained on one can be fine-tuned on the others.
 *
 * @example
 * const { tokenizer } = languageFor(1);
 * tokenizer.size; // ≈ 400 words with the five special tokens
 */
export function languageFor(seed: number): Language {
  let language = cache.get(seed);
  if (!language) {
    const lexicon = generateLexicon(seed);
    language = { seed, lexicon, tokenizer: new Tokenizer(lexicon.forms()) };
    cache.set(seed, language);
  }
  return language;
}

/**
 * Keeps fine-tuning and test words apart: concepts that `applies` selects use their first synonym only on
 * the seen side, and only their other synonyms on the unseen side; other concepts use any synonym.
 */
export function splitSynonyms(applies: (concept: Concept) => boolean, side: 'seen' | 'unseen'): SynonymPolicy {
  return (concept: Concept, rng: Rng) => {
    const count = concept.stems.length;
    if (!applies(concept) || count < 2) return rng.int(count);
    return side === 'seen' ? 0 : 1 + rng.int(count - 1);
  };
}
