// The kernels the contract suite runs against: every registered kernel plugin that runs here, and the native one
// with each ISA and layout forced through its options, so every C++ path meets the properties.
import { PluginRegistry, chooseKernel, type Kernel, type NativePluginOptions } from '@ontogeny/core';
import { builtinRegistry } from '@ontogeny/plugins';

export interface NamedKernel {
  readonly label: string;
  /** The instruction set it computes with: the plugin's name for non-native kernels, the forced ISA, or 'best'. */
  readonly isa: string;
  readonly kernel: Kernel;
}

/** Native variants forcing each layout and ISA. */
const NATIVE_VARIANTS: ReadonlyArray<[string, Partial<NativePluginOptions>]> = [
  ['native csr / csc / sddmm', { layout: 'csr' }],
  ['native block4', { layout: 'block4' }],
  ['native nm24', { layout: 'nm24' }],
  ['native dense', { layout: 'dense' }],
  ['native avx2 csr', { isa: 'avx2', layout: 'csr' }],
  ['native portable csr', { isa: 'portable', layout: 'csr' }],
  ['native portable dense', { isa: 'portable', layout: 'dense' }],
  ['native avx2 block4 (1 thread)', { isa: 'avx2', layout: 'block4', threads: 1 }],
];

// Two threads and tiny thresholds, so the two-thread paths run on test-sized shapes too.
const TEST_SIZED = { threads: 2, minParallelWork: 64 };

/** Every kernel to test; each native variant keeps its own ISA and thread count (see NativeKernel's `addon`). */
export function kernelsUnderTest(registry: PluginRegistry = builtinRegistry()): NamedKernel[] {
  const list: NamedKernel[] = [];
  for (const { definition } of registry.list('kernel')) {
    const unavailable = registry.get('kernel', definition.name).available();
    if (unavailable !== null) {
      console.log(`# ${definition.name} kernel skipped: ${unavailable}`);
      continue;
    }
    const options = definition.name === 'native' ? TEST_SIZED : {};
    const label = definition.name === 'native' ? 'native (cost model)' : definition.name;
    list.push({ label, isa: definition.name === 'native' ? 'best' : definition.name, kernel: chooseKernel(registry, { use: definition.name, with: options }).kernel });
  }
  if (!list.some(({ kernel }) => kernel.name === 'native')) return list;
  for (const [label, options] of NATIVE_VARIANTS) {
    list.push({ label, isa: options.isa ?? 'best', kernel: chooseKernel(registry, { use: 'native', with: { ...TEST_SIZED, ...options } }).kernel });
  }
  return list;
}
