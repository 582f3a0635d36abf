// The `language-sentiment` task (like SST-2): is a sentence's mood positive? Test sentences carry sentiment words never seen in fine-tuning.
import { definePlugin, type Rng } from '@ontogeny/core';
import { accuracy } from '../tasks/accuracy-metric.js';
import type { Example, LanguageTaskDefaults } from './dataset.js';
import { generateSentence, sentimentScore, surface } from './grammar.js';
import { splitSynonyms, type Language } from './language.js';
import { drawsSeenWords, sentenceTask, sentenceTaskSchema, type SplitName } from './language-task.js';

const seen = splitSynonyms((concept) => concept.polarity !== 0, 'seen');
const unseen = splitSynonyms((concept) => concept.polarity !== 0, 'unseen');

/**
 * Label 1 when Σ polarity (adjectives, adverbs, verbs; negation flips the main verb) is positive, 0 when
 * negative; sentences scoring 0 are redrawn. Fine-tuning sentences write every sentiment-bearing concept with its
 * first synonym, dev and test sentences with its others: only a model that learnt synonymy and the polarity
 * of words from the corpus (where mood makes sentiment words co-occur) can read them.
 */
export function sentimentExample(language: Language, rng: Rng, split: SplitName, label: number, length: number): Example {
  const { lexicon, tokenizer } = language;
  for (;;) {
    const sentence = generateSentence(lexicon, rng, {
      mood: label === 1 ? 1 : -1, moodStrength: 0.6, relativeProbability: 0.2, maxWords: length - 2,
      synonym: drawsSeenWords(split) ? seen : unseen,
    });
    const score = sentimentScore(sentence);
    if (score !== 0 && (score > 0 ? 1 : 0) === label) return { tokens: tokenizer.encode(surface(lexicon, sentence.words), null, length), labels: [label] };
  }
}

const defaults: LanguageTaskDefaults = { language: 1, train: 600, dev: 300, test: 1000, length: 24 };

export default definePlugin({
  kind: 'task',
  name: 'language-sentiment',
  version: '0.1.0',
  core: '^0.1.0',
  source: 'Ontogeny\'s generated language; modelled on SST-2 (Socher et al. 2013, GLUE)',
  description: 'Binary sentiment of single sentences of the generated language (accuracy); held-out sentiment words at test.',
  options: sentenceTaskSchema(defaults),
  create: (options) => sentenceTask({
    name: 'language-sentiment', classes: 2, metric: accuracy, example: sentimentExample,
    description: `Sentiment of generated sentences (language ${options.language}): ${options.train} training sentences with the first synonym of each sentiment word, ${options.test} test sentences with the others.`,
  }, options),
});
