// Kernel backends by priority: the fastest available one is chosen at run time, with a clear word when one is missing.
import { KERNEL_UNAVAILABLE } from '../errors.js';
import type { Kernel } from './contract.js';
import { ReferenceKernel } from './reference/reference-kernel.js';

/** A way to obtain a kernel: `load` returns it, or a sentence saying why it is not available here. */
export interface KernelBackend {
  readonly name: string;
  /** Higher is preferred by `auto`. */
  readonly priority: number;
  load(): Kernel | { unavailable: string };
}

export const referenceBackend: KernelBackend = {
  name: 'reference',
  priority: 0,
  load: () => new ReferenceKernel(),
};

/** The kernel a run uses and, when `auto` fell back, the sentence to show the user once. */
export interface KernelChoice {
  readonly kernel: Kernel;
  readonly notice: string | null;
}

/**
 * Picks a backend by name, or the highest-priority available one for `auto`.
 *
 * @example
 * selectKernel('auto', [nativeBackend, referenceBackend]).kernel.name; // 'native' where it is built
 */
export function selectKernel(requested: string, backends: readonly KernelBackend[]): KernelChoice {
  if (requested !== 'auto') {
    const backend = backends.find((candidate) => candidate.name === requested);
    if (!backend) {
      throw KERNEL_UNAVAILABLE(requested, `expected auto or one of ${backends.map((b) => b.name).join(', ')}`);
    }
    const loaded = backend.load();
    if ('unavailable' in loaded) throw KERNEL_UNAVAILABLE(requested, loaded.unavailable);
    return { kernel: loaded, notice: null };
  }
  const missing: string[] = [];
  for (const backend of [...backends].sort((a, b) => b.priority - a.priority)) {
    const loaded = backend.load();
    if (!('unavailable' in loaded)) {
      const notice = missing.length > 0 ? `${missing.join('; ')} — using the ${loaded.name} kernel` : null;
      return { kernel: loaded, notice };
    }
    missing.push(`${backend.name} kernel unavailable (${loaded.unavailable})`);
  }
  throw KERNEL_UNAVAILABLE('auto', missing.join('; '));
}
