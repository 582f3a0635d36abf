// The native kernel as a backend: preferred over the reference one wherever its addon was built.
import type { KernelBackend } from '../backends.js';
import { loadAddon } from './addon.js';
import { NativeKernel } from './native-kernel.js';

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
    const forced = process.env.ONTOGENY_NATIVE_LAYOUT;
    if (forced === 'csr') return new NativeKernel(addon, { forwardFormat: 'csr', backwardFormat: 'csc', gradFormat: 'sddmm' });
    if (forced === 'dense') return new NativeKernel(addon, { forwardFormat: 'dense', backwardFormat: 'dense', gradFormat: 'dense' });
    return new NativeKernel(addon);
  },
};
