// Option schemas the optimisers share, so `lr` and `weightDecay` read the same in every plugin's documentation.
/** The base learning rate; the phase's lr-schedule multiplies it step by step. */
export function learningRateOption(fallback: number) {
  return { type: 'number', exclusiveMinimum: 0, default: fallback, description: `Base learning rate (default ${fallback}); the lr-schedule scales it.` } as const;
}

/** L2 weight decay added to the gradient (coupled), as torch.optim's `weight_decay`. */
export const weightDecayOption = {
  type: 'number', minimum: 0, default: 0, description: 'L2 penalty: λ·w is added to the gradient before the update (default 0).',
} as const;

export const epsilonOption = {
  type: 'number', exclusiveMinimum: 0, default: 1e-8, description: 'Added to the root of the second moment for numerical stability (default 1e-8).',
} as const;
