// The common loader of the sentence-level language tasks: train/dev/test (and an in-distribution test) from per-example streams of the language's seed.
import { Rng, type Metric, type OptionsOf, type Split, type Task } from '@ontogeny/core';
import { buildSplit, languageTaskSchema, type Example, type LanguageTaskData, type LanguageTaskDefaults } from './dataset.js';
import { languageFor, type Language } from './language.js';
import { constantBaselines } from './metrics.js';

/** A split's name: 'train' and 'seen-test' draw the fine-tuning words, 'dev' and 'test' the held-out ones. */
export type SplitName = 'train' | 'dev' | 'test' | 'seen-test';

/** Whether a split's sentences use the words fine-tuning sees (train, and the in-distribution test). */
export const drawsSeenWords = (split: SplitName): boolean => split === 'train' || split === 'seen-test';

/** The JSON Schema of a sentence-level task's options, with this task's default sizes. */
export function sentenceTaskSchema(defaults: LanguageTaskDefaults) {
  const schema = languageTaskSchema(defaults);
  return {
    ...schema,
    properties: {
      ...schema.properties,
      measure: {
        type: 'array', items: { enum: ['dev', 'seen-test'] }, uniqueItems: true, default: [],
        description: "Splits evaluated at each phase's end beside test, reported as '<split>:<metric>': 'dev' (for choosing learning rates and epochs), 'seen-test' (new sentences over the fine-tuning words: the in-distribution test beside the held-out-word one). Default none.",
      },
      seenTest: { type: 'integer', minimum: 1, default: defaults.test, description: "Examples in the in-distribution test split (when `measure` has 'seen-test')." },
    },
  } as const;
}

/** The options of a sentence-level task: the language task's, plus the further splits measured at each phase's end. */
export type SentenceTaskOptions = OptionsOf<ReturnType<typeof sentenceTaskSchema>>;

/** What a sentence-level language task defines: its examples per split, classes, metric and description. */
export interface SentenceTaskDefinition {
  readonly name: string;
  readonly classes: number;
  readonly metric: Metric;
  /** Figures reported beside `metric` (e.g. accuracy and MCC beside a paraphrase task's F1). */
  readonly extraMetrics?: readonly Metric[];
  readonly description: string;
  /** Example `index` of `split`, with label `index % classes` so classes are balanced. */
  example(language: Language, rng: Rng, split: SplitName, label: number, length: number): Example;
}

/**
 * A Task whose data depend only on the language seed and the task's options (not on the run's seed), like a
 * fixed benchmark: every example comes from the stream (language, task, split, index).
 */
export function sentenceTask(definition: SentenceTaskDefinition, options: SentenceTaskOptions): Task {
  return {
    async load(): Promise<LanguageTaskData> {
      const language = languageFor(options.language);
      const split = (name: SplitName, count: number) => buildSplit(count, options.length, 1, (i) => definition.example(
        language, Rng.derive(options.language, 'language', definition.name, name, i), name, i % definition.classes, options.length));
      const test = split('test', options.test);
      const dev = split('dev', options.dev);
      const measured: Record<string, Split> = {};
      if (options.measure.includes('dev')) measured.dev = dev;
      if (options.measure.includes('seen-test')) measured['seen-test'] = split('seen-test', options.seenTest);
      const baselines = constantBaselines(test.labels, definition.classes);
      const described = Object.entries(baselines).map(([name, value]) => `${name} ${value.toFixed(3)}`).join(', ');
      return {
        input: { kind: 'tokens', length: options.length, vocabulary: language.tokenizer.size },
        classes: definition.classes,
        labelsPerExample: 1,
        headKind: 'classify',
        train: split('train', options.train),
        dev,
        test,
        metric: definition.metric,
        ...(definition.extraMetrics ? { extraMetrics: definition.extraMetrics } : {}),
        evaluationSplits: measured,
        description: `${definition.description} Constant predictors on test: ${described}.`,
        language,
        baselines,
      };
    },
  };
}
