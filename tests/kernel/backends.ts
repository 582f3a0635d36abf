// The kernels the contract suite runs against: the reference and, where the addon is built, each native ISA and layout.
import { NativeKernel, ReferenceKernel, loadAddon, type Kernel, type NativeKernelOptions } from '@ontogeny/core';

export interface NamedKernel {
  readonly label: string;
  /** The instruction set it computes with: 'reference', the variant's forced ISA, or 'best' (the addon's best). */
  readonly isa: string;
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

/** Every backend to test; each native variant keeps its own ISA and thread count (see NativeKernel's `addon`). */
export function kernelsUnderTest(): NamedKernel[] {
  const list: NamedKernel[] = [{ label: 'reference', isa: 'reference', kernel: new ReferenceKernel() }];
  const addon = loadAddon();
  if ('unavailable' in addon) {
    console.log(`# native kernel skipped: ${addon.unavailable}`);
    return list;
  }
  const best = addon.configure().isa;
  for (const [label, options] of NATIVE_VARIANTS) {
    // Tiny thresholds so the two-thread paths run on test-sized shapes too.
    list.push({ label, isa: options.isa ?? 'best', kernel: new NativeKernel(addon, { isa: best, threads: 2, minParallelWork: 64, ...options }) });
  }
  return list;
}
