// The common loader of the language tasks: builds train/dev/test from per-example streams of the language's seed.
import { Rng, type Metric, type Task } from '@ontogeny/core';
import { buildSplit, type Example, type LanguageTaskData, type LanguageTaskOptions } from './dataset.js';
import { languageFor, type Language } from './language.js';

/** A split's name: 'train' draws fine-tuning words, 'dev' and 'test' the held-out ones. */
export type SplitName = 'train' | 'dev' | 'test';

/** What a sentence-level language task defines: its examples per split, classes, metric and description. */
export interface SentenceTaskDefinition {
  readonly name: string;
  readonly classes: number;
  readonly metric: Metric;
  readonly description: string;
  /** Example `index` of `split`, with label `index % classes` so classes are balanced. */
  example(language: Language, rng: Rng, split: SplitName, label: number, length: number): Example;
}

/**
 * A Task whose data depend only on the language seed and the task's options (not on the run's seed), like a
 * fixed benchmark: every example comes from the stream (language, task, split, index).
 */
export function sentenceTask(definition: SentenceTaskDefinition, options: LanguageTaskOptions): Task {
  return {
    async load(): Promise<LanguageTaskData> {
      const language = languageFor(options.language);
      const split = (name: SplitName, count: number) => buildSplit(count, options.length, 1, (i) => definition.example(
        language, Rng.derive(options.language, 'language', definition.name, name, i), name, i % definition.classes, options.length));
      return {
        input: { kind: 'tokens', length: options.length, vocabulary: language.tokenizer.size },
        classes: definition.classes,
        labelsPerExample: 1,
        headKind: 'classify',
        train: split('train', options.train),
        dev: split('dev', options.dev),
        test: split('test', options.test),
        metric: definition.metric,
        description: definition.description,
        language,
        baselines: { majority: 1 / definition.classes },
      };
    },
  };
}
