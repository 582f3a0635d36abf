// The encoder ops a kernel provides, each falling back to its reference definition where the kernel lacks it.
import type { Kernel } from '../contract.js';
import { attention, attentionBackward } from './attention.js';
import { embeddingGather, embeddingScatterAdd } from './embedding.js';
import { gelu, geluBackward } from './gelu.js';
import { layerNorm, layerNormBackward } from './layer-norm.js';
import { withFallback } from './optional-ops.js';
import { add } from './residual.js';

/** The optional encoder ops of the Kernel contract, all present. */
export type EncoderOps = Required<Pick<Kernel, 'layerNorm' | 'layerNormBackward' | 'gelu' | 'geluBackward' |
  'attention' | 'attentionBackward' | 'embeddingGather' | 'embeddingScatterAdd' | 'add'>>;

const reference: EncoderOps = {
  layerNorm, layerNormBackward, gelu, geluBackward, attention, attentionBackward, embeddingGather, embeddingScatterAdd, add,
};

/**
 * The kernel's encoder ops, or the reference definitions (kernel/reference) for any it does not provide.
 *
 * @example
 * encoderOps(kernel).gelu(x.data, y.data);
 */
export function encoderOps(kernel?: Kernel): EncoderOps {
  return withFallback(kernel, reference);
}
