// The `language-acceptability` task (like CoLA): is a sentence grammatical? Test sentences use nouns and verbs never seen in fine-tuning.
import { definePlugin, type Rng } from '@ontogeny/core';
import type { Example, LanguageTaskDefaults } from './dataset.js';
import { generateSentence, otherNumber, surface, type Sentence, type SynonymPolicy, type Word } from './grammar.js';
import { splitSynonyms, type Language } from './language.js';
import { drawsSeenWords, sentenceTask, sentenceTaskSchema, type SplitName } from './language-task.js';
import type { Lexicon } from './lexicon.js';
import { mcc } from './metrics.js';

const inflecting = (wordClass: string): boolean => wordClass === 'noun' || wordClass.startsWith('verb');
const seen = splitSynonyms((concept) => inflecting(concept.wordClass), 'seen');
const unseen = splitSynonyms((concept) => inflecting(concept.wordClass), 'unseen');

/** The ways a sentence is made unacceptable; each needs knowledge of word classes or number. */
export const CORRUPTIONS = ['agreement', 'determiner', 'missing-object', 'extra-object', 'order'] as const;
export type Corruption = (typeof CORRUPTIONS)[number];

/** The sentence's words with one violation, or null when `kind` does not apply to it. */
export function corrupt(lexicon: Lexicon, sentence: Sentence, kind: Corruption, rng: Rng, synonym: SynonymPolicy): Word[] | null {
  const words = [...sentence.words];
  switch (kind) {
    case 'agreement': { // the main verb disagrees with its subject, often across a relative clause
      const verb = words[sentence.mainVerb];
      words[sentence.mainVerb] = { ...verb, number: otherNumber(verb.number ?? 'singular') };
      return words;
    }
    case 'determiner': { // a determiner of the wrong number before the subject
      const number = otherNumber(words[sentence.subjectHead].number ?? 'singular');
      const dets = lexicon.byClass('determiner').filter((d) => d.fixedNumber === number);
      words[sentence.subjectDet] = { concept: dets[rng.int(dets.length)], synonym: 0, number: null };
      return words;
    }
    case 'missing-object': // a transitive verb left without its object
      if (!sentence.object) return null;
      words.splice(sentence.object[0], sentence.object[1] - sentence.object[0]);
      return words;
    case 'extra-object': { // an intransitive verb given an object
      if (sentence.object) return null;
      const nouns = lexicon.byClass('noun');
      const noun = nouns[rng.int(nouns.length)];
      const det = lexicon.byClass('determiner')[0]; // the number-neutral determiner
      words.splice(sentence.mainVerb + 1, 0, { concept: det, synonym: 0, number: null },
        { concept: noun, synonym: synonym(noun, rng), number: rng.uniform() < 0.5 ? 'singular' : 'plural' });
      return words;
    }
    case 'order': { // the subject's determiner after the word it introduces
      const held = words[sentence.subjectDet];
      words[sentence.subjectDet] = words[sentence.subjectDet + 1];
      words[sentence.subjectDet + 1] = held;
      return words;
    }
  }
}

/** Label 1: a sentence of the grammar; label 0: one with a corruption. */
export function acceptabilityExample(language: Language, rng: Rng, split: SplitName, label: number, length: number): Example {
  const { lexicon, tokenizer } = language;
  const synonym = drawsSeenWords(split) ? seen : unseen;
  for (;;) {
    const sentence = generateSentence(lexicon, rng, { mood: 0, moodStrength: 0, relativeProbability: 0.35, maxWords: length - 4, synonym });
    const words = label === 1 ? sentence.words : corrupt(lexicon, sentence, CORRUPTIONS[rng.int(CORRUPTIONS.length)], rng, synonym);
    if (words) return { tokens: tokenizer.encode(surface(lexicon, words), null, length), labels: [label] };
  }
}

const defaults: LanguageTaskDefaults = { language: 1, train: 600, dev: 300, test: 1000, length: 24 };

export default definePlugin({
  kind: 'task',
  name: 'language-acceptability',
  version: '0.1.0',
  core: '^0.1.0',
  source: 'Ontogeny\'s generated language; modelled on CoLA (Warstadt et al. 2019, GLUE)',
  description: 'Grammatical or not: agreement, determiner number, verb transitivity and word order (Matthews correlation); held-out nouns and verbs at test.',
  options: sentenceTaskSchema(defaults),
  create: (options) => sentenceTask({
    name: 'language-acceptability', classes: 2, metric: mcc, example: acceptabilityExample,
    description: `Acceptability of generated sentences (language ${options.language}): half grammatical, half with one of ${CORRUPTIONS.join(', ')}; training nouns and verbs use their first synonym, test ones the others.`,
  }, options),
});
