// The reference kernel as a plugin of kind `kernel`: always available, lowest priority, no options.
import { definePlugin } from '../../plugin/define-plugin.js';
import { CORE_VERSION } from '../../version.js';
import { ReferenceKernel } from './reference-kernel.js';

/** The kernel that defines the semantics; `auto` falls back to it where no faster kernel can run. */
export const referenceKernelPlugin = definePlugin({
  kind: 'kernel',
  name: 'reference',
  version: CORE_VERSION,
  core: `^${CORE_VERSION}`,
  source: 'Ontogeny: the Kernel contract in plain TypeScript loops (packages/core/src/kernel/reference)',
  description: 'TypeScript loops over dense W ⊙ M (register-blocked GEMM); defines the semantics every other kernel is checked against.',
  options: { type: 'object', additionalProperties: false, properties: {} },
  priority: 0,
  available: () => null,
  create: () => new ReferenceKernel(),
});
