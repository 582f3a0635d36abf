// The half-cosine from 1 down to a floor, shared by the `cosine` and `warmup` learning-rate schedules.

/** floor + (1 − floor)·½(1 + cos(π·x)) for progress x, clamped to [0, 1] (Loshchilov & Hutter 2017, without restarts). */
export function cosineFactor(progress: number, floor: number): number {
  const x = Math.min(1, Math.max(0, progress));
  return floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * x));
}

export const floorOption = {
  type: 'number', minimum: 0, maximum: 1, default: 0, description: 'Final factor, as a fraction of the base learning rate (default 0).',
} as const;
