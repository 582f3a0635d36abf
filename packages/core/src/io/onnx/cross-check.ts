// Runs an exported file in ONNX Runtime on a batch and compares its logits with Ontogeny's own forward pass.
import type { Model } from '../../plugin/contracts/model.js';
import { Tensor } from '../../tensor/tensor.js';

/** The tolerance of the cross-check: largest |ONNX − Ontogeny| over the largest |logit| of the batch. */
export const CROSS_CHECK_TOLERANCE = 1e-4;

export interface CrossCheck {
  readonly examples: number;
  /** max |ONNX Runtime − Ontogeny| over every logit of the batch. */
  readonly maxAbsolute: number;
  /** maxAbsolute / max |Ontogeny logit| (the figure held to the tolerance). */
  readonly maxRelative: number;
  readonly passed: boolean;
}

/** What to feed: the graph's input name and element type, and a (B × width) batch as Ontogeny sees it. */
export interface CrossCheckInput {
  readonly inputName: string;
  readonly inputElement: 'float32' | 'int64';
  readonly batch: Tensor;
}

/**
 * Runs `bytes` in onnxruntime-node (loaded on first use, so importing core does not load it) and compares with
 * `model.forward(batch, task)` in evaluation mode.
 */
export async function crossCheckOnnx(bytes: Uint8Array, model: Model, task: string, input: CrossCheckInput, tolerance = CROSS_CHECK_TOLERANCE): Promise<CrossCheck> {
  const ort = await import('onnxruntime-node');
  const { batch } = input;
  const session = await ort.InferenceSession.create(bytes);
  try {
    const data = input.inputElement === 'int64' ? BigInt64Array.from(batch.data, (v) => BigInt(Math.round(v))) : batch.data;
    const feed = { [input.inputName]: new ort.Tensor(input.inputElement, data, [batch.rows, batch.cols]) };
    const results = await session.run(feed);
    const theirs = results[session.outputNames[0]].data as Float32Array;
    const ours = model.forward(new Tensor(batch.data.slice(), batch.rows, batch.cols), task, { training: false }).data;
    return compareLogits(ours, theirs, batch.rows, tolerance);
  } finally {
    await session.release();
  }
}

/** The largest absolute and scale-relative differences between two logit arrays of equal length. */
export function compareLogits(ours: Float32Array, theirs: Float32Array, examples: number, tolerance = CROSS_CHECK_TOLERANCE): CrossCheck {
  if (ours.length !== theirs.length) {
    return { examples, maxAbsolute: Infinity, maxRelative: Infinity, passed: false };
  }
  let maxAbsolute = 0;
  let scale = 0;
  for (let i = 0; i < ours.length; i++) {
    const difference = Math.abs(ours[i] - theirs[i]);
    // NaN on either side must fail, so compare with `>` only after turning NaN into Infinity
    maxAbsolute = Math.max(maxAbsolute, Number.isNaN(difference) ? Infinity : difference);
    scale = Math.max(scale, Math.abs(ours[i]));
  }
  const maxRelative = maxAbsolute === 0 ? 0 : maxAbsolute / Math.max(scale, Number.MIN_VALUE);
  return { examples, maxAbsolute, maxRelative, passed: maxRelative <= tolerance };
}
