// The generated language's grammar: clauses with number agreement, selectional restrictions, nested relative clauses and mood.
import type { Rng } from '@ontogeny/core';
import type { Concept, GrammaticalNumber, Lexicon, Polarity } from './lexicon.js';

/** One word of a sentence: a concept, which of its synonyms, and its number where it inflects. */
export interface Word {
  readonly concept: Concept;
  readonly synonym: number;
  readonly number: GrammaticalNumber | null;
}

/** A sentence with the positions that tasks edit: the main clause's subject, verb and object. */
export interface Sentence {
  readonly words: Word[];
  readonly subjectDet: number;
  readonly subjectHead: number;
  readonly mainVerb: number;
  /** [start, end) of the main verb's object noun phrase, or null for an intransitive verb. */
  readonly object: readonly [number, number] | null;
  readonly negated: boolean;
}

/** Chooses which synonym of a concept to write (tasks restrict it to keep fine-tuning words apart from test words). */
export type SynonymPolicy = (concept: Concept, rng: Rng) => number;

export const anySynonym: SynonymPolicy = (concept, rng) => rng.int(concept.stems.length);

export interface SentenceOptions {
  /** The sentence's mood: sentiment words agree with it with probability `moodStrength`; 0 draws polarities at random. */
  readonly mood: Polarity;
  readonly moodStrength: number;
  readonly maxWords: number;
  /** Probability that a noun phrase carries a relative clause (at most one per sentence). */
  readonly relativeProbability: number;
  readonly synonym: SynonymPolicy;
  /** When set, the subject is this noun concept (discourse continuity between sentences). */
  readonly subjectConcept?: Concept;
}

const pickOne = <T>(items: readonly T[], rng: Rng): T => items[rng.int(items.length)];
export const otherNumber = (n: GrammaticalNumber): GrammaticalNumber => (n === 'singular' ? 'plural' : 'singular');
const randomNumber = (rng: Rng): GrammaticalNumber => (rng.uniform() < 0.5 ? 'singular' : 'plural');

/** Builds one sentence word by word; a relative clause may sit in the subject or the object. */
class SentenceBuilder {
  readonly words: Word[] = [];
  relatives = 0;

  constructor(readonly lexicon: Lexicon, readonly rng: Rng, readonly options: SentenceOptions) {}

  push(concept: Concept, number: GrammaticalNumber | null): number {
    this.words.push({ concept, synonym: this.options.synonym(concept, this.rng), number });
    return this.words.length - 1;
  }

  /** A concept of `pool` whose polarity follows the mood with probability moodStrength, preferring `collocates`. */
  polarized(pool: readonly Concept[], collocates: readonly number[] = []): Concept {
    const { mood, moodStrength } = this.options;
    const rng = this.rng;
    let polarity: Polarity;
    if (mood !== 0 && rng.uniform() < moodStrength) polarity = mood;
    else polarity = pickOne<Polarity>([-1, 0, 0, 1], rng);
    const matching = pool.filter((c) => c.polarity === polarity);
    const preferred = matching.filter((c) => collocates.includes(c.id));
    if (preferred.length > 0 && rng.uniform() < 0.6) return pickOne(preferred, rng);
    return pickOne(matching.length > 0 ? matching : pool, rng);
  }

  nounPhrase(category: number, number: GrammaticalNumber, preferred: readonly number[], fixed?: Concept): { det: number; head: number } {
    const { lexicon, rng } = this;
    const det = this.push(pickOne(lexicon.byClass('determiner').filter((d) => d.fixedNumber === null || d.fixedNumber === number), rng), null);
    const nouns = lexicon.byClass('noun').filter((n) => n.category === category);
    const preferredNouns = nouns.filter((n) => preferred.includes(n.id));
    const noun = fixed ?? (preferredNouns.length > 0 && rng.uniform() < 0.6 ? pickOne(preferredNouns, rng) : pickOne(nouns, rng));
    if (rng.uniform() < 0.35) this.push(this.polarized(lexicon.byClass('adjective'), noun.collocates), null);
    const head = this.push(noun, number);
    if (this.relatives === 0 && rng.uniform() < this.options.relativeProbability) this.relativeClause(noun, number);
    return { det, head };
  }

  /** "that VP" (the head is its subject) or "that NP V" (the head is its object: agreement skips the inner subject). */
  relativeClause(head: Concept, number: GrammaticalNumber): void {
    this.relatives++;
    const { lexicon, rng } = this;
    const takesHead = lexicon.byClass('verb-transitive').filter((v) => v.category === head.category);
    if (head.category === 0 && (takesHead.length === 0 || rng.uniform() < 0.5)) {
      this.push(pickOne(lexicon.byClass('relative'), rng), null);
      this.verbPhrase(number);
      return;
    }
    if (takesHead.length === 0) return;
    this.push(pickOne(lexicon.byClass('relative'), rng), null);
    const innerNumber = randomNumber(rng);
    this.nounPhrase(0, innerNumber, []);
    this.push(this.polarized(takesHead), innerNumber);
  }

  verbPhrase(number: GrammaticalNumber): { verb: number; object: [number, number] | null } {
    const { lexicon, rng } = this;
    if (rng.uniform() < 0.55) {
      const verb = this.polarized(lexicon.byClass('verb-transitive'));
      const at = this.push(verb, number);
      const start = this.words.length;
      this.nounPhrase(verb.category, randomNumber(rng), verb.collocates);
      return { verb: at, object: [start, this.words.length] };
    }
    const at = this.push(this.polarized(lexicon.byClass('verb-intransitive')), number);
    if (rng.uniform() < 0.4) this.push(this.polarized(lexicon.byClass('adverb')), null);
    return { verb: at, object: null };
  }
}

/** A grammatical sentence of at most `maxWords` words (redrawn until it fits). */
export function generateSentence(lexicon: Lexicon, rng: Rng, options: SentenceOptions): Sentence {
  for (;;) {
    const builder = new SentenceBuilder(lexicon, rng, options);
    const number = randomNumber(rng);
    const subject = builder.nounPhrase(0, number, [], options.subjectConcept);
    const negated = rng.uniform() < 0.2;
    if (negated) builder.push(pickOne(lexicon.byClass('negation'), rng), null);
    const { verb, object } = builder.verbPhrase(number);
    if (builder.words.length <= options.maxWords) {
      return { words: builder.words, subjectDet: subject.det, subjectHead: subject.head, mainVerb: verb, object, negated };
    }
  }
}

/** The sentence's sentiment: Σ polarity of adjectives, adverbs and verbs, the main verb's sign flipped by negation. */
export function sentimentScore(sentence: Sentence): number {
  let score = 0;
  sentence.words.forEach((word, i) => {
    const flip = i === sentence.mainVerb && sentence.negated ? -1 : 1;
    score += word.concept.polarity * flip;
  });
  return score;
}

/** The sentence as surface words. */
export function surface(lexicon: Lexicon, words: readonly Word[]): string[] {
  return words.map((w) => lexicon.form(w.concept, w.synonym, w.number));
}

