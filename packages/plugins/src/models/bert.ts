// The `bert` model plugin: a small BERT-like encoder for token tasks, sized by its options.
import { definePlugin, type ModelBuilder } from '@ontogeny/core';
import { BertModel, type BertOptions } from './bert/bert-model.js';

export default definePlugin({
  kind: 'model',
  name: 'bert',
  version: '0.1.0',
  core: '^0.1.0',
  source: 'Devlin et al. 2019, "BERT"; masked matrices as in Zhao et al. 2020',
  description: 'A BERT-like encoder: token/position/segment embeddings, L blocks of multi-head attention and GELU feed-forward with layer norm, a [CLS] pooler with one classifier per task, and an MLM head tied to the token embeddings.',
  options: {
    type: 'object',
    additionalProperties: false,
    properties: {
      width: { type: 'integer', minimum: 8, maximum: 512, default: 64, description: 'Model width D (a multiple of heads).' },
      layers: { type: 'integer', minimum: 1, maximum: 12, default: 2, description: 'Encoder blocks L.' },
      heads: { type: 'integer', minimum: 1, maximum: 16, default: 4, description: 'Attention heads per block H.' },
      ffnWidth: { type: 'integer', minimum: 8, maximum: 4096, default: 128, description: 'Width of the feed-forward hidden layer.' },
      norm: { enum: ['post', 'pre'], default: 'post', description: "Layer norm after each residual sum (BERT, 'post') or before each sub-layer ('pre')." },
      maxLength: { type: 'integer', minimum: 2, maximum: 512, default: 32, description: 'Longest sequence (rows of the position embedding).' },
      padToken: { type: 'integer', minimum: 0, default: 0, description: 'Token id of [PAD]: never attended to.' },
      sepToken: { type: 'integer', minimum: 0, default: 2, description: 'Token id of [SEP]: positions after the first one are segment B.' },
      embeddingStd: { type: 'number', exclusiveMinimum: 0, default: 0.02, description: 'Standard deviation of the embeddings\' normal initialisation.' },
    },
  },
  inject: ['kernel'],
  create: (options: BertOptions, { kernel }): ModelBuilder => ({
    build({ input, rng }) {
      if (input.kind !== 'tokens') throw new RangeError(`bert: needs a token task, the task gives ${input.kind} (width ${input.width})`);
      if (input.length > options.maxLength) throw new RangeError(`bert: sequences of ${input.length} tokens exceed maxLength ${options.maxLength}`);
      if (options.width % options.heads !== 0) throw new RangeError(`bert: width ${options.width} is not a multiple of heads ${options.heads}`);
      return new BertModel(options, input.vocabulary, kernel, rng);
    },
  }),
});
