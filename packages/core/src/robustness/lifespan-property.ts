// Robustness claims as fast-check properties: each drawn value builds a small lifespan, runs it in memory, and checks a claim.
import fc from 'fast-check';
import type { KernelReference } from '../kernel/choose-kernel.js';
import type { PluginRegistry } from '../plugin/registry.js';
import { runSpec, type LifespanResult } from './run-spec.js';

export interface LifespanPropertyOptions<T> {
  readonly registry: PluginRegistry;
  /** The kernel (the reference kernel by default, so a claim reads the same on every machine). */
  readonly kernel?: KernelReference;
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
  const kernel = options.kernel ?? 'reference';
  return fc.asyncProperty(options.arbitrary, async (value) => {
    const result = await runSpec(options.spec(value), options.registry, { kernel });
    const verdict = options.claim(result, value);
    if (verdict !== true) throw new Error(`claim failed for ${JSON.stringify(value)}: ${verdict}`);
  });
}
