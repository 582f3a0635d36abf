// The gradual schedules' common frame: hold `from` until `begin`, move along a shape to `to` at `end`, prune every `every` steps.
import type { OptionsOf, PruningSchedule, TypedJsonSchema } from '@ontogeny/core';


/** How far along (0 → 1) the sparsity is when a fraction x ∈ [0, 1] of the ramp has passed; monotone, 0 ↦ 0, 1 ↦ 1. */
export type RampShape = (x: number) => number;

/** The options every gradual schedule shares, plus its own (`power` for `polynomial`; `{}` when none). */
export function gradualOptionsSchema<const E extends { readonly [name: string]: TypedJsonSchema }>(extra: E) {
  return {
    type: 'object', additionalProperties: false,
    properties: {
      from: { type: 'number', minimum: 0, maximum: 1, default: 0, description: 'Sparsity s_i at `begin` (default 0).' },
      to: { type: 'number', minimum: 0, maximum: 1, description: 'Final sparsity s_f, reached exactly at `end` and held after.' },
      begin: { type: 'integer', minimum: 0, default: 0, description: 'Step t0 of the first pruning event (default 0).' },
      end: { type: 'integer', minimum: 0, description: "Step of the last pruning event, t0 + nΔt (default: the phase's total steps)." },
      every: { type: 'integer', minimum: 1, default: 100, description: 'Steps Δt between pruning events (default 100, as TF-MOT).' },
      ...extra,
    },
    required: ['to'],
  } as const;
}

/** The options every gradual schedule shares; an absent `end` is the phase's total steps. */
export type GradualOptions = OptionsOf<ReturnType<typeof gradualOptionsSchema<{}>>>;

/**
 * s_t = from + (to − from)·shape((t − begin)/(end − begin)) for begin ≤ t < end, `from` before, exactly `to`
 * from `end` on. Events at begin, begin + every, … and the last one exactly at `end`.
 */
export class GradualSchedule implements PruningSchedule {
  constructor(private readonly options: GradualOptions, private readonly shape: RampShape) {
    if (options.end !== undefined && options.begin > options.end) {
      throw new RangeError(`begin (${options.begin}) is after end (${options.end}) — expected begin ≤ end`);
    }
  }

  sparsityAt(step: number, total: number): number {
    const { from, to } = this.options;
    const { begin, end } = this.span(total);
    if (step >= end) return to;
    if (step <= begin) return from;
    const x = (step - begin) / (end - begin);
    return from + (to - from) * this.shape(x);
  }

  events(total: number): number[] {
    const { begin, end } = this.span(total);
    const steps: number[] = [];
    for (let step = begin; step < end; step += this.options.every) steps.push(step);
    steps.push(end);
    return steps;
  }

  private span(total: number): { begin: number; end: number } {
    const end = this.options.end ?? total;
    return { begin: Math.min(this.options.begin, end), end };
  }
}
