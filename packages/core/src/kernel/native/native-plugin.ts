// The native kernel as a plugin of kind `kernel`: preferred wherever its addon was built; its settings are options.
import { KERNEL_UNAVAILABLE } from '../../errors.js';
import { definePlugin } from '../../plugin/define-plugin.js';
import type { OptionsOf } from '../../plugin/options-type.js';
import { CORE_VERSION } from '../../version.js';
import { loadAddon } from './addon.js';
import { NativeKernel, DEFAULT_MIN_PARALLEL_WORK, type NativeKernelOptions } from './native-kernel.js';

const nativeOptions = {
  type: 'object', additionalProperties: false,
  properties: {
    isa: { enum: ['avx512', 'avx2', 'portable'], description: 'Instruction set to compute with (default: the best this CPU has; one it lacks falls back). Sums group differently per ISA, so it is part of the run name when given.' },
    threads: { type: 'integer', minimum: 1, maximum: 64, description: "Threads including the caller (default: the machine's available parallelism). Results are the same bits on any count." },
    layout: {
      enum: ['cost-model', 'csr', 'dense', 'block4', 'nm24'], default: 'cost-model',
      description: "Weight layout of every layer, to exercise one path: the cost model's choice; csr (CSR forward, CSC backward, SDDMM gradient); dense; block4 (4×1 blocks forward); nm24 (2:4 forward where the mask allows).",
    },
    minParallelWork: { type: 'integer', minimum: 1, default: DEFAULT_MIN_PARALLEL_WORK, description: 'Ops with fewer multiply-adds stay on the calling thread (the measured crossover of `pnpm bench kernel`).' },
    adaptiveThreads: { type: 'boolean', default: true, description: 'Time each split op on the pool and on the calling thread, and run it the faster way; changes times, never results.' },
    tune: { type: 'boolean', default: false, description: 'Time the candidate layouts on first use and keep the fastest, instead of the cost model (timing noise can then change sums between runs).' },
  },
} as const;

/** The native plugin's options as the spec gives them (`"kernel": {"use": "native", "with": {…}}`), defaulted. */
export type NativePluginOptions = OptionsOf<typeof nativeOptions>;

/** The environment variables that once set these options outside the spec, and the option each became. */
const RETIRED_VARIABLES: ReadonlyArray<readonly [string, string]> = [
  ['ONTOGENY_ISA', '"isa": "avx2"'],
  ['ONTOGENY_NATIVE_LAYOUT', '"layout": "csr"'],
  ['ONTOGENY_KERNEL_THREADS', '"threads": 1'],
];

/** The forced layouts: every layer's forward, backward and weight-gradient paths. */
const LAYOUTS: Record<NativePluginOptions['layout'], Partial<NativeKernelOptions>> = {
  'cost-model': {},
  csr: { forwardFormat: 'csr', backwardFormat: 'csc', gradFormat: 'sddmm' },
  dense: { forwardFormat: 'dense', backwardFormat: 'dense', gradFormat: 'dense' },
  block4: { forwardFormat: 'block4', backwardFormat: 'dense', gradFormat: 'dense' },
  nm24: { forwardFormat: 'nm24' },
};

/** Why a retired variable stops the native kernel here, or null when none is set. */
function retiredVariableSet(): string | null {
  const set = RETIRED_VARIABLES.find(([variable]) => process.env[variable] !== undefined);
  if (!set) return null;
  const [variable, option] = set;
  return `${variable} is no longer read — unset it and give the option in the spec instead: "kernel": {"use": "native", "with": {${option}}}`;
}

/** The C++ SIMD kernel (packages/core/native): priority 10, so `auto` picks it wherever it is built. */
export const nativeKernelPlugin = definePlugin({
  kind: 'kernel',
  name: 'native',
  version: CORE_VERSION,
  core: `^${CORE_VERSION}`,
  source: 'Ontogeny: C++ through Node-API with AVX-512/AVX2 SIMD (packages/core/native), layouts chosen by a cost model',
  description: 'C++ SIMD: packed GEMM, CSR/CSC with 16-bit indices, 4×1 blocks, 2:4, SDDMM, optimiser steps, encoder ops; per-layer layout by a measured cost model.',
  options: nativeOptions,
  priority: 10,
  available: () => {
    const addon = loadAddon();
    return 'unavailable' in addon ? addon.unavailable : retiredVariableSet();
  },
  create: (options) => {
    const addon = loadAddon();
    if ('unavailable' in addon) throw KERNEL_UNAVAILABLE('native', addon.unavailable);
    const { layout, ...settings } = options;
    return new NativeKernel(addon, { ...settings, ...LAYOUTS[layout] });
  },
});
