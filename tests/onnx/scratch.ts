import { ReferenceKernel, Rng, Tensor, MaskedParameter, type DisorderTarget, type Disorder } from '@ontogeny/core';
import { Mlp, builtinPlugins } from '@ontogeny/plugins';
import { exportOnnx } from '../../packages/core/src/io/onnx/export-onnx.ts';
import { crossCheckOnnx } from '../../packages/core/src/io/onnx/cross-check.ts';
const kernel = new ReferenceKernel();
const model = new Mlp(20, { hidden: [16, 12], init: 'pytorch' }, kernel, (...p) => Rng.derive(1, 'm', ...p));
model.addHead('t', 5, 'classify', Rng.derive(1, 'h'));
const rng = Rng.derive(2, 'x');
const batch = new Tensor(Float32Array.from({ length: 8 * 20 }, () => rng.between(-1, 1)), 8, 20);
const input = { kind: 'features', width: 20 } as const;
for (const bits of [0, 8, 4]) {
  if (bits) {
    const q = builtinPlugins.find((p) => p.kind === 'disorder' && p.name === 'quantize')!;
    const d = (q.create as (o: unknown, c: unknown) => Disorder)({ bits, mode: 'symmetric', granularity: 'channel', sigmas: 4 }, { seed: 0 });
    d.apply({ model, layers: model.maskedParameters() } as DisorderTarget, rng);
  }
  const ex = exportOnnx(model, { task: 't', input, quantized: bits > 0, specHash: 'abc', phase: 'p' });
  console.log(bits, ex.bytes.length, ex.layers);
  console.log(await crossCheckOnnx(ex.bytes, model, 't', { inputName: ex.inputName, inputElement: ex.inputElement, batch }));
}
