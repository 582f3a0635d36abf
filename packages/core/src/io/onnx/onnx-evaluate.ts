// Evaluation through ONNX Runtime: the same metrics as `evaluate`, computed on the exported graph (faster on dense layers; bench/onnx-eval.ts).
import { evaluate } from '../../lifespan/evaluate.js';
import type { Metrics } from '../../lifespan/events.js';
import type { Model } from '../../plugin/contracts/model.js';
import { inputWidth, type Split, type TaskData } from '../../plugin/contracts/task.js';
import { Tensor } from '../../tensor/tensor.js';
import { exportOnnx } from './export-onnx.js';

/**
 * Evaluates `model` on `split` with ONNX Runtime running its float export: the logits come from ONNX Runtime,
 * the loss, accuracy and metric from `evaluate`'s own code (fed those logits), so the two agree by construction.
 * Worth it only where the layers are dense: ONNX Runtime multiplies the masked zeros too.
 */
export async function evaluateOnnx(model: Model, taskName: string, task: TaskData, split: Split, batch: number): Promise<Metrics> {
  const ort = await import('onnxruntime-node');
  const exported = exportOnnx(model, { task: taskName, input: task.input, quantized: false, specHash: '', phase: '' });
  const session = await ort.InferenceSession.create(exported.bytes);
  try {
    const width = inputWidth(task.input);
    const chunks: Array<{ logits: Tensor }> = [];
    for (let start = 0; start < split.count; start += batch) {
      const end = Math.min(start + batch, split.count);
      const inputs = split.inputs.subarray(start * width, end * width);
      const data = exported.inputElement === 'int64' ? BigInt64Array.from(inputs, (v) => BigInt(Math.round(v))) : inputs;
      const output = await session.run({ [exported.inputName]: new ort.Tensor(exported.inputElement, data, [end - start, width]) });
      const logits = output[session.outputNames[0]];
      const [rows, cols] = logits.dims.map(Number);
      chunks.push({ logits: new Tensor(logits.data as Float32Array, rows, cols) });
    }
    // A stand-in model that replays ONNX Runtime's logits batch by batch, so the metrics are `evaluate`'s own
    let next = 0;
    const replay: Model = Object.assign(Object.create(model) as Model, { forward: () => chunks[next++].logits });
    return evaluate(replay, taskName, task, split, batch);
  } finally {
    await session.release();
  }
}
