// Generates the `teacher` task family: x ~ N(0, I), shared features h = relu(A x − θ), and a per-task noisy readout of h.
import { Rng } from '@ontogeny/core';

// D = features (input width), H = hidden teacher units, K = classes, N = examples

/** What fixes a teacher task: the family (`seed`, sizes) and the member (`task`). */
export interface TeacherSpec {
  readonly seed: number;
  readonly task: number;
  readonly features: number;
  readonly hidden: number;
  readonly classes: number;
  /** Standard deviation of the Gaussian noise added to the standardised class scores before the argmax. */
  readonly noise: number;
  /** θ: a hidden unit fires when its unit-variance pre-activation exceeds θ; above 0, h is less linear in x. */
  readonly threshold: number;
}

/** A generated split, with the label each example would have without noise (for the Bayes ceiling). */
export interface TeacherSplit {
  readonly inputs: Float32Array; // (N, D)
  readonly labels: Int32Array; // (N)
  readonly cleanLabels: Int32Array; // (N)
  readonly count: number;
}

/** Examples drawn to standardise the class scores; enough that the scale is stable to about 2 %. */
const CALIBRATION_COUNT = 4096;

/** A (rows, columns) matrix of N(0, 1/columns) entries, so each row's dot product with x ~ N(0, I) has about unit variance. */
function gaussianMatrix(rng: Rng, rows: number, columns: number): Float64Array {
  const scale = 1 / Math.sqrt(columns);
  return Float64Array.from({ length: rows * columns }, () => rng.normal() * scale);
}

/**
 * The teacher of one task: the family's feature map A (H, D), shared by every `task` of a `seed`, and the task's
 * readout B (K, H). Each class score B_k·h is standardised by its mean and std over a calibration sample, so the
 * classes come out roughly balanced whatever B drew and `noise` means the same at any size.
 */
export class Teacher {
  private readonly featureMap: Float64Array; // (H, D)
  private readonly readout: Float64Array; // (K, H)
  private readonly scoreMean: Float64Array; // (K)
  private readonly scoreScale: Float64Array; // (K)
  private readonly x: Float64Array; // (D) scratch
  private readonly h: Float64Array; // (H) scratch
  private readonly z: Float64Array; // (K) the scores of the last `score` call

  constructor(private readonly spec: TeacherSpec) {
    const { seed, task, features: D, hidden: H, classes: K } = spec;
    this.featureMap = gaussianMatrix(Rng.derive(seed, 'teacher', 'feature-map'), H, D);
    this.readout = gaussianMatrix(Rng.derive(seed, 'teacher', 'readout', task), K, H);
    this.x = new Float64Array(D);
    this.h = new Float64Array(H);
    this.z = new Float64Array(K);
    this.scoreMean = new Float64Array(K);
    this.scoreScale = new Float64Array(K).fill(1);
    const sum = new Float64Array(K);
    const squares = new Float64Array(K);
    const rng = Rng.derive(seed, 'teacher', 'calibration', task);
    for (let n = 0; n < CALIBRATION_COUNT; n++) {
      for (let d = 0; d < D; d++) this.x[d] = rng.normal();
      this.score();
      for (let k = 0; k < K; k++) { sum[k]! += this.z[k]!; squares[k]! += this.z[k]! ** 2; }
    }
    for (let k = 0; k < K; k++) {
      const mean = sum[k]! / CALIBRATION_COUNT;
      this.scoreMean[k] = mean;
      this.scoreScale[k] = 1 / Math.sqrt(Math.max(squares[k]! / CALIBRATION_COUNT - mean * mean, 1e-12));
    }
  }

  /** z = standardised B · relu(A x − θ), for the input in `this.x`. */
  private score(): void {
    const { features: D, hidden: H, classes: K, threshold } = this.spec;
    const { x, h, z } = this;
    for (let j = 0; j < H; j++) {
      let u = -threshold;
      for (let d = 0; d < D; d++) u += this.featureMap[j * D + d]! * x[d]!;
      h[j] = u > 0 ? u : 0;
    }
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let j = 0; j < H; j++) s += this.readout[k * H + j]! * h[j]!;
      z[k] = (s - this.scoreMean[k]!) * this.scoreScale[k]!;
    }
  }

  /** The noiseless label of each row of `inputs` (N, D). */
  classify(inputs: Float32Array): Int32Array {
    const D = this.spec.features;
    const labels = new Int32Array(inputs.length / D);
    for (let n = 0; n < labels.length; n++) {
      for (let d = 0; d < D; d++) this.x[d] = inputs[n * D + d]!;
      this.score();
      labels[n] = argmax(this.z);
    }
    return labels;
  }

  /** `count` examples from the stream named `split` ('train', 'test'): inputs, noisy labels and clean labels. */
  sample(split: string, count: number): TeacherSplit {
    const { seed, task, features: D, classes: K, noise } = this.spec;
    const inputRng = Rng.derive(seed, 'teacher', 'inputs', task, split);
    const noiseRng = Rng.derive(seed, 'teacher', 'label-noise', task, split);
    const inputs = new Float32Array(count * D);
    const labels = new Int32Array(count);
    const cleanLabels = new Int32Array(count);
    for (let n = 0; n < count; n++) {
      for (let d = 0; d < D; d++) inputs[n * D + d] = this.x[d] = inputRng.normal();
      this.score();
      cleanLabels[n] = argmax(this.z);
      for (let k = 0; k < K; k++) this.z[k]! += noise * noiseRng.normal();
      labels[n] = argmax(this.z);
    }
    return { inputs, labels, cleanLabels, count };
  }
}

function argmax(values: Float64Array): number {
  let best = 0;
  for (let k = 1; k < values.length; k++) if (values[k]! > values[best]!) best = k;
  return best;
}
