// The run's kernel from the spec's `kernel`: a plugin of kind `kernel` by name, or `auto` for the available one of highest priority.
import { KERNEL_UNAVAILABLE } from '../errors.js';
import type { JsonSchema } from '../plugin/define-plugin.js';
import type { PluginReference, PluginRegistry } from '../plugin/registry.js';
import type { Kernel } from './contract.js';

/** The spec's `kernel`: "auto", a kernel plugin's name, or `{ "use": name, "with": options }`. */
export type KernelReference = string | PluginReference;

/** The kernel a run uses, the plugin that made it, and, when `auto` passed over a faster one, the sentence to show once. */
export interface KernelChoice {
  readonly kernel: Kernel;
  readonly plugin: string;
  readonly notice: string | null;
}

/** Where a kernel is made: the run's seed, and the executor's thread cap. */
export interface KernelSetting {
  readonly seed: number;
  readonly threadCap?: number;
}

/**
 * Makes the kernel `requested` names, in a scope of its own (it exists before the run's services). `threadCap` is the executor's (a pool worker runs its kernel on one thread),
 * given to a kernel whose options have `threads` when the spec sets none; it is where the run executes, not what
 * it computes, so it stays out of the spec and the run name, like `--data`.
 *
 * @example
 * chooseKernel(builtinRegistry(), 'auto').kernel.name; // 'native' where the addon is built
 * chooseKernel(registry, { use: 'native', with: { layout: 'csr' } }, { seed: 1, threadCap: 1 });
 */
export function chooseKernel(registry: PluginRegistry, requested: KernelReference, setting: KernelSetting = { seed: 0 }): KernelChoice {
  const reference = typeof requested === 'string' ? { use: requested } : requested;
  if (reference.use !== 'auto') {
    const reason = registry.get('kernel', reference.use).available();
    if (reason !== null) throw KERNEL_UNAVAILABLE(reference.use, reason);
    return { kernel: make(registry, reference, setting), plugin: reference.use, notice: null };
  }
  const missing: string[] = [];
  const byPriority = registry.list('kernel').map(({ definition }) => registry.get('kernel', definition.name))
    .sort((a, b) => b.priority - a.priority);
  for (const definition of byPriority) {
    const reason = definition.available();
    if (reason === null) {
      const notice = missing.length > 0 ? `${missing.join('; ')} — using the ${definition.name} kernel` : null;
      return { kernel: make(registry, { use: definition.name }, setting), plugin: definition.name, notice };
    }
    missing.push(`${definition.name} kernel unavailable (${reason})`);
  }
  throw KERNEL_UNAVAILABLE('auto', missing.join('; '));
}

function make(registry: PluginRegistry, reference: PluginReference, { seed, threadCap }: KernelSetting): Kernel {
  const options = registry.defaulted('kernel', reference.use, reference.with ?? {});
  const properties = (registry.get('kernel', reference.use).options.properties ?? {}) as Record<string, JsonSchema>;
  if (threadCap !== undefined && 'threads' in properties && options.threads === undefined) options.threads = threadCap;
  return registry.scope({ seed }).create('kernel', { use: reference.use, with: options });
}
