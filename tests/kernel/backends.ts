// The kernels the contract suite runs against: the reference and, where the addon is built, each native ISA and layout.
import { NativeKernel, ReferenceKernel, loadAddon, type Kernel, type NativeKernelOptions } from '@ontogeny/core';

export interface NamedKernel {
  readonly label: string;
  readonly kernel: Kernel;
}

/** Native variants forcing each layout and method, so every C++ path meets the properties. */
const NATIVE_VARIANTS: ReadonlyArray<[string, NativeKernelOptions]> = [
  ['native (cost model)', {}],
  ['native csr / csc / sddmm', { forwardFormat: 'csr', backwardFormat: 'csc', gradFormat: 'sddmm' }],
  ['native block4', { forwardFormat: 'block4', backwardFormat: 'dense', gradFormat: 'dense' }],
  ['native nm24', { forwardFormat: 'nm24' }],
  ['native dense', { forwardFormat: 'dense', backwardFormat: 'dense', gradFormat: 'dense' }],
  ['native avx2 csr', { isa: 'avx2', forwardFormat: 'csr', backwardFormat: 'csc', gradFormat: 'sddmm' }],
  ['native portable csr', { isa: 'portable', forwardFormat: 'csr', backwardFormat: 'csc', gradFormat: 'sddmm' }],
  ['native portable dense', { isa: 'portable', forwardFormat: 'dense', backwardFormat: 'dense', gradFormat: 'dense' }],
  ['native avx2 block4 (1 thread)', { isa: 'avx2', forwardFormat: 'block4', threads: 1 }],
];

/**
 * Every backend to test. The addon's ISA and thread count are process-wide, so a variant re-applies its
 * configuration before each use (`prepare`).
 */
export function kernelsUnderTest(): Array<NamedKernel & { prepare(): void }> {
  const list: Array<NamedKernel & { prepare(): void }> = [
    { label: 'reference', kernel: new ReferenceKernel(), prepare: () => {} },
  ];
  const addon = loadAddon();
  if ('unavailable' in addon) {
    console.log(`# native kernel skipped: ${addon.unavailable}`);
    return list;
  }
  const best = addon.configure().isa;
  for (const [label, options] of NATIVE_VARIANTS) {
    // Tiny thresholds so the two-thread paths run on test-sized shapes too.
    const full: NativeKernelOptions = { isa: best, threads: 2, minParallelWork: 64, ...options };
    const kernel = new NativeKernel(addon, full);
    list.push({
      label,
      kernel,
      prepare: () => { addon.configure(full.isa ?? null, full.threads ?? null, full.minParallelWork ?? null); },
    });
  }
  return list;
}
