// The native kernel as a backend: preferred over the reference one wherever its addon was built.
import { KERNEL_UNAVAILABLE } from '../../errors.js';
import type { KernelBackend } from '../backends.js';
import { loadAddon } from './addon.js';
import { NativeKernel, type NativeKernelOptions } from './native-kernel.js';

/** The thread count `ONTOGENY_KERNEL_THREADS` asks for, or undefined when it is unset. */
function threadsFromEnvironment(): number | undefined {
  const text = process.env.ONTOGENY_KERNEL_THREADS;
  if (text === undefined || text === '') return undefined;
  const threads = Number(text);
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
    throw KERNEL_UNAVAILABLE('native', `ONTOGENY_KERNEL_THREADS must be a whole number of threads from 1 to 64, found "${text}"`);
  }
  return threads;
}

/**
 * The native backend with options of the caller's: a study's worker process or thread runs its kernel on one thread
 * (`nativeBackendWith({ threads: 1 })`), so that several workers share the cores instead of fighting over them.
 *
 * @example
 * prepareLifespan({ ..., backends: [nativeBackendWith({ threads: 1 }), referenceBackend] });
 */
export function nativeBackendWith(options: NativeKernelOptions): KernelBackend {
  return {
    name: 'native',
    priority: 10,
    load: () => {
      const addon = loadAddon();
      if ('unavailable' in addon) return addon;
      return new NativeKernel(addon, options);
    },
  };
}

/**
 * The C++ SIMD kernel; `load` reports why it is unavailable when the addon was not built, so `auto` falls back.
 *
 * @example
 * selectKernel('auto', [nativeBackend, referenceBackend]).kernel.name; // 'native'
 */
export const nativeBackend: KernelBackend = {
  name: 'native',
  priority: 10,
  load: () => {
    const addon = loadAddon();
    if ('unavailable' in addon) return addon;
    // ONTOGENY_NATIVE_LAYOUT=csr forces the sparse paths (CSR forward, CSC backward, SDDMM) on every layer, so
    // tests can run whole lifespans through them whatever the cost model would pick; like ONTOGENY_ISA.
    // ONTOGENY_KERNEL_THREADS sets the thread count (a study worker's 1) where the caller cannot pass options.
    const forced = process.env.ONTOGENY_NATIVE_LAYOUT;
    const threads = threadsFromEnvironment();
    if (forced === 'csr') return new NativeKernel(addon, { threads, forwardFormat: 'csr', backwardFormat: 'csc', gradFormat: 'sddmm' });
    if (forced === 'dense') return new NativeKernel(addon, { threads, forwardFormat: 'dense', backwardFormat: 'dense', gradFormat: 'dense' });
    return new NativeKernel(addon, { threads });
  },
};
