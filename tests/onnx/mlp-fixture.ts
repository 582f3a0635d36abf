// A small MLP with a head and a batch of inputs, and the quantize disorder applied as a lifespan would, for the ONNX tests.
import { BitMask, ReferenceKernel, Rng, Tensor, type Disorder, type DisorderTarget, type Model } from '@ontogeny/core';
import { Mlp, builtinPlugins } from '@ontogeny/plugins';

export const FEATURES = 20;
const CLASSES = 5;

/** An mlp 20 → 16 → 12 → head 5 with PyTorch's initialisation, and a (B × 20) batch. */
export function mlpFixture(seed = 1, rows = 64): { model: Mlp; batch: Tensor } {
  const model = new Mlp(FEATURES, { hidden: [16, 12], init: 'pytorch' }, new ReferenceKernel(), (...parts) => Rng.derive(seed, 'model', ...parts));
  model.addHead('t', CLASSES, 'classify', Rng.derive(seed, 'head', 't'));
  const rng = Rng.derive(seed, 'batch');
  return { model, batch: new Tensor(Float32Array.from({ length: rows * FEATURES }, () => rng.normal()), rows, FEATURES) };
}

/** Keeps each connection of every body layer with probability `density`. */
export function maskRandomly(model: Model, density: number, seed = 2): void {
  const rng = Rng.derive(seed, 'mask');
  for (const w of model.maskedParameters()) w.setMask(BitMask.from(w.size, () => rng.uniform() < density));
}

/** Applies the built-in `quantize` disorder to the body with every option given. */
export function quantize(model: Model, bits: number, mode: 'symmetric' | 'asymmetric', granularity: 'tensor' | 'channel'): void {
  const plugin = builtinPlugins.find((p) => p.kind === 'disorder' && p.name === 'quantize')!;
  const disorder = (plugin.create as (options: unknown, context: { seed: number }) => Disorder)({ bits, mode, granularity, sigmas: 4 }, { seed: 0 });
  disorder.apply({ model, layers: model.maskedParameters() } as DisorderTarget, Rng.derive(0, 'quantize'));
}
