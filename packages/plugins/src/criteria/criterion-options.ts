// The options schema every pruning criterion shares: whether layers are ranked one by one or together.
import type { TypedJsonSchema } from '@ontogeny/core';

/** `{ scope }` plus a criterion's own options (`{}` when it has none). */
export function criterionOptionsSchema<const E extends { readonly [name: string]: TypedJsonSchema }>(extra: E) {
  return {
    type: 'object', additionalProperties: false,
    properties: {
      scope: {
        enum: ['layer', 'global'], default: 'layer',
        description: "'layer': each layer reaches the target sparsity; 'global': one threshold across all pruned layers (default 'layer').",
      },
      ...extra,
    },
  } as const;
}
