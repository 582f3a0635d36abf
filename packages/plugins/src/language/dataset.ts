// Shared pieces of the language tasks: labelled examples packed into splits, and the options every task takes.
import type { OptionsOf, Split, TaskData } from '@ontogeny/core';
import type { Language } from './language.js';

/** One encoded example: T token ids and its labels (1 for a sentence task, T for masked-language modelling). */
export interface Example {
  readonly tokens: Int32Array;
  readonly labels: ArrayLike<number>;
}

/** A language task's data: TaskData plus a dev split and the language it is written in. */
export interface LanguageTaskData extends TaskData {
  readonly dev: Split;
  readonly language: Language;
  /** Reference figures a trained model must beat (masked-language modelling's majority and unigram accuracies). */
  readonly baselines: Readonly<Record<string, number>>;
}

/** A language task's default language seed and sizes: each task has its own. */
export interface LanguageTaskDefaults {
  readonly language: number;
  readonly train: number;
  readonly dev: number;
  readonly test: number;
  readonly length: number;
}

/** The options of every language task, after validation and defaults. */
export type LanguageTaskOptions = OptionsOf<ReturnType<typeof languageTaskSchema>>;

/** Packs `count` examples from `make(i)` into a split of `length` tokens per example. */
export function buildSplit(count: number, length: number, labelsPerExample: number, make: (index: number) => Example): Split {
  const inputs = new Float32Array(count * length);
  const labels = new Int32Array(count * labelsPerExample);
  for (let i = 0; i < count; i++) {
    const example = make(i);
    for (let t = 0; t < length; t++) inputs[i * length + t] = example.tokens[t];
    for (let j = 0; j < labelsPerExample; j++) labels[i * labelsPerExample + j] = example.labels[j];
  }
  return { inputs, labels, count };
}

/** The JSON Schema of a language task's options, with this task's default sizes. */
export function languageTaskSchema(defaults: LanguageTaskDefaults) {
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      language: { type: 'integer', minimum: 0, default: defaults.language, description: 'Seed of the generated language; tasks with the same seed share a vocabulary.' },
      train: { type: 'integer', minimum: 1, default: defaults.train, description: 'Examples in the training split.' },
      dev: { type: 'integer', minimum: 1, default: defaults.dev, description: 'Examples in the dev split (same distribution as test).' },
      test: { type: 'integer', minimum: 1, default: defaults.test, description: 'Examples in the test split.' },
      length: { type: 'integer', minimum: 8, maximum: 128, default: defaults.length, description: 'Tokens per example, [CLS] and [SEP] included; shorter ones are padded.' },
    },
  } as const;
}
