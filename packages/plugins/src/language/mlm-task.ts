// The `language-mlm` task: masked-language-model pre-training on the generated language's corpus, with its baselines.
import { Rng, definePlugin, type Task } from '@ontogeny/core';
import { accuracy } from '../tasks/accuracy-metric.js';
import { languageTaskSchema, type LanguageTaskData, type LanguageTaskDefaults, type LanguageTaskOptions } from './dataset.js';
import { languageFor } from './language.js';
import { MASKING, maskedBaselines, maskedSplit } from './masked-corpus.js';

const defaults: LanguageTaskDefaults = { language: 1, train: 20000, dev: 500, test: 2000, length: 24 };

function mlmTask(options: LanguageTaskOptions): Task {
  return {
    async load(): Promise<LanguageTaskData> {
      const language = languageFor(options.language);
      const split = (name: string, count: number) => maskedSplit(language, (i) => Rng.derive(options.language, 'language', 'mlm', name, i), count, options.length);
      const train = split('train', options.train);
      const test = split('test', options.test);
      const baselines = maskedBaselines(train, test);
      return {
        input: { kind: 'tokens', length: options.length, vocabulary: language.tokenizer.size },
        classes: language.tokenizer.size,
        labelsPerExample: options.length,
        headKind: 'mlm',
        train,
        dev: split('dev', options.dev),
        test,
        metric: accuracy,
        description: `Masked-language modelling on ${options.train} generated examples (language ${options.language}, ${language.tokenizer.size} tokens; ${MASKING.rate * 100} % masked 80/10/10); held-out masked-token baselines: majority ${baselines.majority.toFixed(3)}, unigram ${baselines.unigram.toFixed(3)}.`,
        language,
        baselines,
      };
    },
  };
}

export default definePlugin({
  kind: 'task',
  name: 'language-mlm',
  version: '0.1.0',
  core: '^0.1.0',
  source: 'Devlin et al. 2019 (masked-language modelling) on Ontogeny\'s generated language',
  description: 'Predict masked tokens of generated sentences and sentence pairs; labels on masked positions only (−1 elsewhere).',
  options: languageTaskSchema(defaults),
  create: (options) => mlmTask(options),
});
