// The `language-paraphrase` task (like MRPC): does a second sentence say the same as the first? Test pairs turn on concepts never contrasted in fine-tuning.
import { definePlugin, type Rng } from '@ontogeny/core';
import type { Example, LanguageTaskDefaults } from './dataset.js';
import { anySynonym, generateSentence, surface, type Word } from './grammar.js';
import type { Language } from './language.js';
import { drawsSeenWords, sentenceTask, sentenceTaskSchema, type SplitName } from './language-task.js';
import type { Concept, Polarity } from './lexicon.js';
import { f1, mcc } from './metrics.js';

const CONTENT = new Set(['noun', 'verb-transitive', 'verb-intransitive', 'adjective', 'adverb']);

/** Fine-tuning (and in-distribution test) pairs edit concepts of even id, dev and test pairs concepts of odd id. */
const halfOf = (split: SplitName): number => (drawsSeenWords(split) ? 0 : 1);

/** Another synonym of the same concept (the concept has at least two). */
function otherSynonym(word: Word, rng: Rng): number {
  return (word.synonym + 1 + rng.int(word.concept.stems.length - 1)) % word.concept.stems.length;
}

/**
 * Sentence B is sentence A with one pivot word (a concept of the split's half) changed: to another synonym
 * (label 1, a paraphrase) or to another concept of the same word class (label 0). Which word pairs are
 * synonyms is only taught by the corpus.
 */
export function paraphraseExample(language: Language, rng: Rng, split: SplitName, label: number, length: number): Example {
  const { lexicon, tokenizer } = language;
  const half = halfOf(split);
  const inHalf = (concept: Concept): boolean => CONTENT.has(concept.wordClass) && concept.id % 2 === half;
  for (;;) {
    const mood = [-1, 0, 1][rng.int(3)] as Polarity;
    const first = generateSentence(lexicon, rng, { mood, moodStrength: 0.5, relativeProbability: 0.2, maxWords: Math.floor((length - 3) / 2), synonym: anySynonym });
    const pivots = first.words.flatMap((word, i) => (inHalf(word.concept) ? [i] : []));
    if (pivots.length === 0) continue;
    const pivot = pivots[rng.int(pivots.length)];
    const second = [...first.words];
    const original = first.words[pivot];
    if (label === 1) {
      second[pivot] = { ...original, synonym: otherSynonym(original, rng) };
    } else {
      const alternatives = lexicon.byClass(original.concept.wordClass)
        .filter((c) => c.id !== original.concept.id && inHalf(c));
      if (alternatives.length === 0) continue;
      const concept = alternatives[rng.int(alternatives.length)];
      second[pivot] = { concept, synonym: rng.int(concept.stems.length), number: original.number };
    }
    return { tokens: tokenizer.encode(surface(lexicon, first.words), surface(lexicon, second), length), labels: [label] };
  }
}

const defaults: LanguageTaskDefaults = { language: 1, train: 1500, dev: 300, test: 1000, length: 24 };

export default definePlugin({
  kind: 'task',
  name: 'language-paraphrase',
  version: '0.1.0',
  core: '^0.1.0',
  source: 'Ontogeny\'s generated language; modelled on MRPC (Dolan & Brockett 2005, GLUE)',
  description: 'Sentence pairs: paraphrase (synonyms substituted) or not (one concept changed) (F1 of the paraphrase class); held-out concepts at test.',
  options: sentenceTaskSchema(defaults),
  create: (options) => sentenceTask({
    name: 'language-paraphrase', classes: 2, metric: f1, extraMetrics: [mcc], example: paraphraseExample,
    description: `Paraphrase pairs of generated sentences (language ${options.language}): training pairs edit even concepts, test pairs odd ones.`,
  }, options),
});
