// The masked-language-modelling corpus: sentences and coherent sentence pairs, 15 % of tokens chosen, 80/10/10 mask/random/keep.
import type { Rng, Split } from '@ontogeny/core';
import { buildSplit, type Example } from './dataset.js';
import { anySynonym, generateSentence, surface } from './grammar.js';
import type { Polarity } from './lexicon.js';
import type { Language } from './language.js';
import { MASK, SPECIAL_TOKENS } from './tokenizer.js';

/** BERT's masking (Devlin et al. 2019): of the chosen 15 %, 80 % become [MASK], 10 % a random word, 10 % stay. */
export const MASKING = { rate: 0.15, mask: 0.8, random: 0.1 } as const;

/**
 * One pre-training example. Half are single sentences; half are two sentences of one discourse, where synonymy
 * and sentiment are learnt: a continuation (same mood, same subject concept — often under another synonym) or
 * a restatement (the same sentence with content words rewritten as synonyms, as texts restate themselves).
 */
export function corpusExample(language: Language, rng: Rng, length: number): Example {
  const { lexicon, tokenizer } = language;
  // Every discourse has a mood that nearly all its sentiment words follow: the only source of their polarity
  const mood: Polarity = rng.uniform() < 0.5 ? -1 : 1;
  const base = { mood, moodStrength: 0.95, relativeProbability: 0.3, synonym: anySynonym };
  let tokens: Int32Array;
  if (rng.uniform() < 0.5) {
    const maxWords = Math.floor((length - 3) / 2);
    const first = generateSentence(lexicon, rng, { ...base, maxWords });
    const second = rng.uniform() < 0.5
      ? generateSentence(lexicon, rng, { ...base, maxWords, subjectConcept: first.words[first.subjectHead].concept }).words
      : first.words.map((word) => (rng.uniform() < 0.5 ? { ...word, synonym: anySynonym(word.concept, rng) } : word));
    tokens = tokenizer.encode(surface(lexicon, first.words), surface(lexicon, second), length);
  } else {
    const sentence = generateSentence(lexicon, rng, { ...base, maxWords: Math.min(16, length - 2) });
    tokens = tokenizer.encode(surface(lexicon, sentence.words), null, length);
  }
  return maskTokens(tokens, tokenizer.size, rng);
}

/** Chooses positions among the words (never special tokens), labels them, and corrupts the input. */
export function maskTokens(tokens: Int32Array, vocabulary: number, rng: Rng): Example {
  const labels = new Int32Array(tokens.length).fill(-1);
  const words: number[] = [];
  tokens.forEach((id, t) => { if (id >= SPECIAL_TOKENS.length) words.push(t); });
  // As BERT's create_pretraining_data: max(1, round(15 % of the words)) positions, uniformly without replacement
  const chosen = rng.shuffle(words).slice(0, Math.max(1, Math.round(words.length * MASKING.rate)));
  const input = Int32Array.from(tokens);
  for (const t of chosen) {
    labels[t] = tokens[t];
    const roll = rng.uniform();
    if (roll < MASKING.mask) input[t] = MASK;
    else if (roll < MASKING.mask + MASKING.random) input[t] = SPECIAL_TOKENS.length + rng.int(vocabulary - SPECIAL_TOKENS.length);
  }
  return { tokens: input, labels };
}

/** A split of `count` masked examples, each from its own stream so any example can be regenerated alone. */
export function maskedSplit(language: Language, stream: (i: number) => Rng, count: number, length: number): Split {
  return buildSplit(count, length, length, (i) => corpusExample(language, stream(i), length));
}

/**
 * Accuracy of two text-free predictors on `test`'s masked positions: always the most frequent masked token of
 * `train` ('majority'), and a token drawn from `train`'s unigram distribution ('unigram': Σ_w p_train(w)·p_test(w)).
 */
export function maskedBaselines(train: Split, test: Split): { majority: number; unigram: number } {
  const frequencies = (labels: Int32Array): Map<number, number> => {
    const counts = new Map<number, number>();
    for (const label of labels) if (label >= 0) counts.set(label, (counts.get(label) ?? 0) + 1);
    return counts;
  };
  const trainCounts = frequencies(train.labels);
  const testCounts = frequencies(test.labels);
  const total = (counts: Map<number, number>): number => [...counts.values()].reduce((a, b) => a + b, 0);
  const trainTotal = total(trainCounts);
  const testTotal = total(testCounts);
  let majorityToken = -1;
  let majorityCount = -1;
  for (const [token, count] of trainCounts) if (count > majorityCount) { majorityToken = token; majorityCount = count; }
  let unigram = 0;
  for (const [token, count] of testCounts) unigram += ((trainCounts.get(token) ?? 0) / trainTotal) * (count / testTotal);
  return { majority: (testCounts.get(majorityToken) ?? 0) / testTotal, unigram };
}
