// Robustness claims as fast-check properties: each drawn value builds a small lifespan, runs it in memory, and checks a claim.
import fc from 'fast-check';
import { lastValueFrom, toArray } from 'rxjs';
import { referenceBackend, type KernelBackend } from '../kernel/backends.js';
import type { LifespanEvent } from '../lifespan/events.js';
import { prepareLifespan } from '../lifespan/prepare.js';
import { runLifespan } from '../lifespan/runner.js';
import type { PluginRegistry } from '../plugin/registry.js';

type PhaseEnd = Extract<LifespanEvent, { type: 'phase:end' }>;

/** What a finished lifespan showed: every phase's final figures, by phase name. */
export class LifespanResult {
  readonly phases: ReadonlyMap<string, PhaseEnd>;

  constructor(readonly events: readonly LifespanEvent[]) {
    this.phases = new Map(events.filter((e): e is PhaseEnd => e.type === 'phase:end').map((e) => [e.phase, e]));
  }

  /** The final test metric `metric` (accuracy by default) of phase `name`. */
  metric(name: string, metric = 'accuracy'): number {
    const phase = this.phases.get(name);
    if (!phase) throw new Error(`no phase named "${name}" ended — phases: ${[...this.phases.keys()].join(', ')}`);
    return phase.metrics[metric];
  }
}

/** Runs a spec to its end in memory (no run directory) and returns what it showed. */
export async function runSpec(spec: unknown, registry: PluginRegistry,
  backends: readonly KernelBackend[] = [referenceBackend]): Promise<LifespanResult> {
  const prepared = await prepareLifespan({ spec, file: '(property)', registry, backends });
  return new LifespanResult(await lastValueFrom(runLifespan(prepared).pipe(toArray())));
}

export interface LifespanPropertyOptions<T> {
  readonly registry: PluginRegistry;
  /** Kernel backends to choose from (the reference kernel by default). */
  readonly backends?: readonly KernelBackend[];
  /** The values the claim quantifies over, e.g. fc.record({ sparsity: fc.double(…), seed: fc.nat(100) }). */
  readonly arbitrary: fc.Arbitrary<T>;
  /** The lifespan spec for one drawn value. */
  readonly spec: (value: T) => unknown;
  /** The claim: true when it holds, or a sentence saying how it failed. */
  readonly claim: (result: LifespanResult, value: T) => true | string;
}

/**
 * A property "for every drawn value, the lifespan it builds satisfies the claim". On failure fast-check shrinks
 * the value and reports the smallest counter-example with the claim's sentence.
 *
 * @example
 * await fc.assert(lifespanProperty({ registry, arbitrary: fc.double({ min: 0.3, max: 0.9 }),
 *   spec: (sparsity) => agingSpec(sparsity), claim: (r) => r.metric('aging') >= 0.95 * r.metric('dense') || 'too low' }),
 *   { numRuns: 5 });
 */
export function lifespanProperty<T>(options: LifespanPropertyOptions<T>): fc.IAsyncPropertyWithHooks<[T]> {
  return fc.asyncProperty(options.arbitrary, async (value) => {
    const result = await runSpec(options.spec(value), options.registry, options.backends);
    const verdict = options.claim(result, value);
    if (verdict !== true) throw new Error(`claim failed for ${JSON.stringify(value)}: ${verdict}`);
  });
}
