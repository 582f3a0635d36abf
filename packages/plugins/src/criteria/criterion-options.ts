// The options schema every pruning criterion shares: whether layers are ranked one by one or together.
import type { JsonSchema } from '@ontogeny/core';

export interface CriterionOptions {
  readonly scope: 'layer' | 'global';
}

/** `{ scope }` plus a criterion's own options. */
export function criterionOptionsSchema(extra: Record<string, JsonSchema> = {}): JsonSchema {
  return {
    type: 'object', additionalProperties: false,
    properties: {
      scope: {
        enum: ['layer', 'global'], default: 'layer',
        description: "'layer': each layer reaches the target sparsity; 'global': one threshold across all pruned layers (default 'layer').",
      },
      ...extra,
    },
  };
}
