// The optional ops of a kernel, each falling back to its reference definition where the kernel lacks it.
import type { Kernel } from '../contract.js';

/** Names of the Kernel contract's optional ops. */
type OptionalOp = { [K in keyof Kernel]-?: undefined extends Kernel[K] ? K : never }[keyof Kernel];

/**
 * For each op of `reference`: the kernel's own, bound to it, or the reference definition when the kernel does not
 * provide it (or there is no kernel).
 */
export function withFallback<K extends OptionalOp>(kernel: Kernel | undefined, reference: Required<Pick<Kernel, K>>): Required<Pick<Kernel, K>> {
  if (!kernel) return reference;
  const ops = { ...reference };
  for (const name of Object.keys(reference) as K[]) {
    const own = kernel[name];
    if (typeof own === 'function') ops[name] = own.bind(kernel) as (typeof ops)[K];
  }
  return ops;
}
