// The generated language and its task plugins: masked-language modelling, paraphrase, acceptability, sentiment.
import type { AnyPluginDefinition } from '@ontogeny/core';
import acceptability from './acceptability-task.js';
import mlm from './mlm-task.js';
import paraphrase from './paraphrase-task.js';
import sentiment from './sentiment-task.js';

export { languageFor } from './language.js';
export type { Language } from './language.js';
export { Tokenizer, PAD, CLS, SEP, MASK, UNK } from './tokenizer.js';
export { f1, mcc, f1Score, matthewsCorrelation } from './metrics.js';
export type { LanguageTaskData } from './dataset.js';

/** The language task plugins, for `builtinPlugins`. */
export const languagePlugins: readonly AnyPluginDefinition[] = [
  mlm as AnyPluginDefinition, paraphrase as AnyPluginDefinition, acceptability as AnyPluginDefinition, sentiment as AnyPluginDefinition,
];
