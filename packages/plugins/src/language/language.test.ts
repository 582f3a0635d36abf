// The generated language: determinism, agreement, held-out words, masking proportions and the baselines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '@ontogeny/core';
import { acceptabilityExample, corrupt } from './acceptability-task.js';
import { anySynonym, generateSentence, sentimentScore, surface } from './grammar.js';
import { languageFor } from './language.js';
import { maskTokens, maskedBaselines, maskedSplit } from './masked-corpus.js';
import type { LanguageTaskData } from './dataset.js';
import type { SplitName } from './language-task.js';
import paraphrasePlugin, { paraphraseExample } from './paraphrase-task.js';
import { sentimentExample } from './sentiment-task.js';
import { CLS, MASK, PAD, SEP, Tokenizer } from './tokenizer.js';

const language = languageFor(1);
const { lexicon, tokenizer } = language;
const options = { mood: 0, moodStrength: 0, maxWords: 16, relativeProbability: 0.5, synonym: anySynonym } as const;

test('the same seed gives the same language and the same sentences; another seed another language', () => {
  assert.deepEqual(languageFor(1).tokenizer.words, tokenizer.words);
  assert.notDeepEqual(languageFor(2).tokenizer.words.slice(5, 50), tokenizer.words.slice(5, 50));
  const a = surface(lexicon, generateSentence(lexicon, Rng.derive(0, 's'), options).words);
  const b = surface(lexicon, generateSentence(lexicon, Rng.derive(0, 's'), options).words);
  assert.deepEqual(a, b);
  assert.ok(tokenizer.size > 300 && tokenizer.size < 500, `vocabulary ${tokenizer.size}`);
});

test('the main verb agrees with its subject, across relative clauses', () => {
  let nested = 0;
  for (let i = 0; i < 300; i++) {
    const sentence = generateSentence(lexicon, Rng.derive(0, 'agree', i), options);
    assert.equal(sentence.words[sentence.mainVerb].number, sentence.words[sentence.subjectHead].number);
    const det = sentence.words[sentence.subjectDet].concept;
    assert.ok(det.fixedNumber === null || det.fixedNumber === sentence.words[sentence.subjectHead].number);
    assert.equal(sentence.words[sentence.subjectHead].concept.category, 0); // subjects are creatures
    if (sentence.mainVerb - sentence.subjectHead > 2) nested++;
  }
  assert.ok(nested > 30, `only ${nested} sentences put a relative clause between subject and verb`);
});

test('every corruption changes the sentence', () => {
  for (let i = 0; i < 100; i++) {
    const rng = Rng.derive(0, 'corrupt', i);
    const sentence = generateSentence(lexicon, rng, options);
    for (const kind of ['agreement', 'determiner', 'missing-object', 'extra-object', 'order'] as const) {
      const words = corrupt(lexicon, sentence, kind, rng, anySynonym);
      if (words) assert.notDeepEqual(surface(lexicon, words), surface(lexicon, sentence.words), kind);
    }
  }
});

test('fine-tuning and test splits keep their words apart', () => {
  const wordsOf = (make: typeof sentimentExample, split: SplitName, keep: (id: number) => boolean) => {
    const found = new Set<number>();
    for (let i = 0; i < 200; i++) for (const id of make(language, Rng.derive(0, 'split', split, i), split, i % 2, 24).tokens) if (keep(id)) found.add(id);
    return found;
  };
  const polar = new Set(lexicon.concepts.filter((c) => c.polarity !== 0).flatMap((c) => c.stems.map((_, s) => tokenizer.id(lexicon.form(c, s, null)))));
  const polarVerbs = new Set(lexicon.concepts.filter((c) => c.polarity !== 0 && c.wordClass.startsWith('verb'))
    .flatMap((c) => c.stems.flatMap((_, s) => [tokenizer.id(lexicon.form(c, s, 'singular')), tokenizer.id(lexicon.form(c, s, 'plural'))])));
  const isPolar = (id: number) => polar.has(id) || polarVerbs.has(id);
  const train = wordsOf(sentimentExample, 'train', isPolar);
  const testWords = wordsOf(sentimentExample, 'test', isPolar);
  assert.ok(train.size > 10 && testWords.size > 10);
  assert.deepEqual([...train].filter((id) => testWords.has(id)), []);
  const nouns = (id: number) => lexicon.byClass('noun').some((c) => c.stems.some((_, s) => tokenizer.id(lexicon.form(c, s, 'singular')) === id || tokenizer.id(lexicon.form(c, s, 'plural')) === id));
  const trainNouns = wordsOf(acceptabilityExample, 'train', nouns);
  assert.deepEqual([...wordsOf(acceptabilityExample, 'test', nouns)].filter((id) => trainNouns.has(id)), []);
  // The in-distribution test: new sentences over the fine-tuning words, so none of the held-out ones
  const seenTest = wordsOf(sentimentExample, 'seen-test', isPolar);
  assert.ok(seenTest.size > 10 && [...seenTest].some((id) => train.has(id)));
  assert.deepEqual([...seenTest].filter((id) => testWords.has(id)), []);
  const testNouns = wordsOf(acceptabilityExample, 'test', nouns);
  assert.deepEqual([...wordsOf(acceptabilityExample, 'seen-test', nouns)].filter((id) => testNouns.has(id)), []);
});

test('paraphrase splits: the measured splits asked for, F1 with MCC beside it, constant baselines in the description', async () => {
  const plugin = paraphrasePlugin;
  const data = await plugin.create({ language: 1, train: 20, dev: 10, test: 40, length: 24, measure: ['dev', 'seen-test'], seenTest: 30 }, { seed: 0 } as never)
    .load({ dataDir: null, rng: () => Rng.derive(0, 'unused') }) as LanguageTaskData;
  assert.deepEqual(Object.keys(data.evaluationSplits!), ['dev', 'seen-test']);
  assert.equal(data.evaluationSplits!['seen-test'].count, 30);
  assert.equal(data.evaluationSplits!.dev, data.dev);
  assert.deepEqual([data.metric.name, ...data.extraMetrics!.map((m) => m.name)], ['f1', 'mcc']);
  // 40 balanced test pairs: majority 0.5, always-positive F1 = 2·20 / (2·20 + 20) = 2/3
  assert.match(data.description, /majority accuracy 0\.500, always-positive F1 0\.667, constant MCC 0\.000/);
  const fewer = await plugin.create({ language: 1, train: 20, dev: 10, test: 40, length: 24, measure: [], seenTest: 30 }, { seed: 0 } as never)
    .load({ dataDir: null, rng: () => Rng.derive(0, 'unused') }) as LanguageTaskData;
  assert.deepEqual(fewer.evaluationSplits, {});
});

test('sentiment labels follow the score, and examples are balanced by index', () => {
  for (let i = 0; i < 50; i++) {
    const example = sentimentExample(language, Rng.derive(0, 'sentiment', i), 'train', i % 2, 24);
    assert.equal(example.labels[0], i % 2);
  }
  const sentence = generateSentence(lexicon, Rng.derive(0, 'score'), { ...options, mood: 1, moodStrength: 1 });
  assert.ok(sentimentScore(sentence) > 0 || sentence.negated || sentence.words.every((w) => w.concept.polarity === 0));
});

test('paraphrase pairs are [CLS] a [SEP] b [SEP] of equal length, differing where they should', () => {
  for (let i = 0; i < 40; i++) {
    const { tokens } = paraphraseExample(language, Rng.derive(0, 'pair', i), 'test', i % 2, 24);
    assert.equal(tokens[0], CLS);
    const seps = [...tokens.keys()].filter((t) => tokens[t] === SEP);
    assert.equal(seps.length, 2);
    assert.equal(seps[0] * 2, seps[1]); // same number of words on both sides
    assert.notDeepEqual(Array.from(tokens.subarray(1, seps[0])), Array.from(tokens.subarray(seps[0] + 1, seps[1])));
  }
});

test('masking: max(1, round(15 %)) of the words, of which 80 % [MASK], 10 % random, 10 % kept; specials never', () => {
  const rng = Rng.derive(0, 'mask');
  let chosen = 0, masked = 0, kept = 0;
  for (let i = 0; i < 2000; i++) {
    const tokens = tokenizer.encode(surface(lexicon, generateSentence(lexicon, rng, options).words), null, 24);
    const { tokens: input, labels } = maskTokens(tokens, tokenizer.size, rng);
    const words = tokens.filter((id) => id > 4).length;
    assert.equal(Array.from(labels).filter((l) => l >= 0).length, Math.max(1, Math.round(0.15 * words)));
    for (let t = 0; t < 24; t++) {
      if (labels[t] < 0) { assert.equal(input[t], tokens[t]); continue; }
      assert.ok(tokens[t] > 4);
      chosen++;
      if (input[t] === MASK) masked++;
      else if (input[t] === tokens[t]) kept++;
    }
  }
  assert.ok(Math.abs(masked / chosen - 0.8) < 0.03, `masked ${masked / chosen}`);
  assert.ok(Math.abs(kept / chosen - 0.1) < 0.03, `kept ${kept / chosen}`); // a random word may equal the original: ≈ +0.03 %
});

test('baselines by hand: majority and unigram accuracy over masked positions', () => {
  const split = (labels: number[]) => ({ inputs: new Float32Array(labels.length), labels: Int32Array.from(labels), count: 1 });
  // train labels: 7 ×3, 8 ×1 (p = .75, .25); test: 7, 8, 9, 9
  const baselines = maskedBaselines(split([7, -1, 7, 8, 7]), split([7, 8, 9, -1, 9]));
  assert.equal(baselines.majority, 0.25);
  assert.ok(Math.abs(baselines.unigram - (0.75 * 0.25 + 0.25 * 0.25)) < 1e-12);
  const corpus = maskedSplit(language, (i) => Rng.derive(0, 'corpus', i), 20, 24);
  assert.equal(corpus.labels.length, 20 * 24);
});

test('the tokenizer pads, frames and round-trips', () => {
  const small = new Tokenizer(['bo', 'ka']);
  assert.deepEqual(Array.from(small.encode(['bo'], ['ka', 'zz'], 8)), [CLS, 5, SEP, 6, 4, SEP, PAD, PAD]);
  assert.equal(small.decode(small.encode(['bo'], null, 4)), '[CLS] bo [SEP]');
  assert.throws(() => small.encode(['bo', 'bo', 'bo'], null, 4), /do not fit/);
});
