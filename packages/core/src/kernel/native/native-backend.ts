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
    return 'unavailable' in addon ? addon : new NativeKernel(addon);
  },
};
