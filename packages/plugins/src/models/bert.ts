// The `bert` model plugin: a small BERT-like encoder for token tasks, sized by its options.
import { definePlugin, type ModelBuilder } from '@ontogeny/core';
import { BertModel, bertOptions } from './bert/bert-model.js';

export default definePlugin({
  kind: 'model',
  name: 'bert',
  version: '0.1.0',
  core: '^0.1.0',
  source: 'Devlin et al. 2019, "BERT"; masked matrices as in Zhao et al. 2020',
  description: 'A BERT-like encoder: token/position/segment embeddings, L blocks of multi-head attention and GELU feed-forward with layer norm, a [CLS] pooler with one classifier per task, and an MLM head tied to the token embeddings.',
  options: bertOptions,
  inject: ['kernel'],
  create: (options, { kernel }): ModelBuilder => ({
    build({ input, rng }) {
      if (input.kind !== 'tokens') throw new RangeError(`bert: needs a token task, the task gives ${input.kind} (width ${input.width})`);
      if (input.length > options.maxLength) throw new RangeError(`bert: sequences of ${input.length} tokens exceed maxLength ${options.maxLength}`);
      if (options.width % options.heads !== 0) throw new RangeError(`bert: width ${options.width} is not a multiple of heads ${options.heads}`);
      return new BertModel(options, input.vocabulary, kernel, rng);
    },
  }),
});
