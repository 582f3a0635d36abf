// Evaluation of a dense LeNet-300-100 (784 → 300 → 100 → 10) on 10 000 examples: Ontogeny's kernel against ONNX Runtime on the exported graph.
import { chooseKernel, PluginRegistry, Rng, Tensor } from '@ontogeny/core';
import { crossCheckOnnx, exportOnnx } from '@ontogeny/core/onnx';
import { Mlp } from '@ontogeny/plugins';
import * as ort from 'onnxruntime-node';

const EXAMPLES = 10_000;
const BATCH = 1000;
const REPEATS = 5;

const { kernel } = chooseKernel(new PluginRegistry(), 'auto');
const model = new Mlp(784, { hidden: [300, 100], init: 'pytorch' }, kernel, (...parts) => Rng.derive(0, 'model', ...parts));
model.addHead('t', 10, 'classify', Rng.derive(0, 'head'));
const rng = Rng.derive(0, 'data');
const data = Float32Array.from({ length: EXAMPLES * 784 }, () => rng.uniform());
const exported = exportOnnx(model, { task: 't', input: { kind: 'features', width: 784 }, quantized: false, specHash: 'bench', phase: 'bench' });
const session = await ort.InferenceSession.create(exported.bytes);

async function time(label: string, pass: (batch: Tensor) => Promise<void> | void): Promise<number> {
  const best: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const start = performance.now();
    for (let b = 0; b < EXAMPLES; b += BATCH) await pass(new Tensor(data.subarray(b * 784, (b + BATCH) * 784), BATCH, 784));
    best.push(performance.now() - start);
  }
  const ms = Math.min(...best);
  console.log(`${label.padEnd(36)} ${ms.toFixed(1).padStart(8)} ms for ${EXAMPLES} examples (best of ${REPEATS})`);
  return ms;
}

const check = await crossCheckOnnx(exported.bytes, model, 't', { inputName: exported.inputName, inputElement: exported.inputElement, batch: new Tensor(data.subarray(0, BATCH * 784), BATCH, 784) });
console.log(`kernel ${kernel.name}; ONNX Runtime agrees to ${check.maxRelative.toExponential(2)} relative`);
const ours = await time(`Ontogeny (${kernel.name}) forward`, (batch) => { model.forward(batch, 't', { training: false }); });
const theirs = await time('ONNX Runtime session.run', async (batch) => {
  await session.run({ input: new ort.Tensor('float32', batch.data, [batch.rows, batch.cols]) });
});
console.log(`ratio ONNX Runtime / Ontogeny: ${(theirs / ours).toFixed(2)} (below 1: ONNX Runtime is faster)`);
await session.release();
