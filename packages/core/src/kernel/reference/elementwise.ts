// The element-wise kernel ops in plain TypeScript: optimiser updates, ReLU and threshold bits. They define the semantics.
import type { AdamHyperparameters, AdamState, RmspropHyperparameters, SgdHyperparameters } from '../contract.js';

/** See `Kernel.sgdStep`. Arithmetic in float64, stored to float32, as the sgd plugin always computed it. */
export function sgdStep(values: Float32Array, grad: Float32Array, velocity: Float32Array | null, lr: number,
  h: SgdHyperparameters): void {
  const { momentum, nesterov, weightDecay } = h;
  if (velocity && !nesterov) {
    // The common case without the per-entry branches (3× faster in V8); the same arithmetic.
    for (let i = 0; i < values.length; i++) {
      const b = momentum * velocity[i] + (grad[i] + weightDecay * values[i]);
      velocity[i] = b;
      values[i] -= lr * b;
    }
    return;
  }
  for (let i = 0; i < values.length; i++) sgdEntry(i, values, grad, velocity, lr, h);
}

/** See `Kernel.sgdStepAt`. */
export function sgdStepAt(indices: Int32Array, values: Float32Array, grad: Float32Array, velocity: Float32Array | null,
  lr: number, h: SgdHyperparameters): void {
  for (const i of indices) sgdEntry(i, values, grad, velocity, lr, h);
}

/** Entry i of an SGD step, every case. */
function sgdEntry(i: number, values: Float32Array, grad: Float32Array, velocity: Float32Array | null, lr: number,
  h: SgdHyperparameters): void {
  let g = grad[i] + h.weightDecay * values[i];
  if (velocity) {
    const b = h.momentum * velocity[i] + g;
    velocity[i] = b;
    g = h.nesterov ? g + h.momentum * b : b;
  }
  values[i] -= lr * g;
}

/** βᵗ for t = 0, 1, …, per β, grown on demand by one multiplication per new t (the bits Adam always used). */
const powerTables = new Map<number, number[]>();

function power(beta: number, step: number): number {
  let powers = powerTables.get(beta);
  if (!powers) powerTables.set(beta, (powers = [1]));
  while (powers.length <= step) powers.push(powers[powers.length - 1] * beta);
  return powers[step];
}

/** See `Kernel.adamStep`. */
export function adamStep(values: Float32Array, grad: Float32Array, state: AdamState, lr: number, h: AdamHyperparameters): void {
  const { beta1, beta2, epsilon, weightDecay, decoupled } = h;
  const { m, v, t } = state;
  const coupledDecay = decoupled ? 0 : weightDecay;
  const shrink = decoupled ? 1 - lr * weightDecay : 1;
  // Step counts are almost always equal across entries: the corrections are looked up once per distinct run.
  let lastStep = -1;
  let correction1 = 1;
  let correction2 = 1;
  for (let i = 0; i < values.length; i++) {
    const g = grad[i] + coupledDecay * values[i];
    const step = t[i] + 1;
    t[i] = step;
    if (step !== lastStep) {
      lastStep = step;
      correction1 = 1 - power(beta1, step);
      correction2 = 1 - power(beta2, step);
    }
    m[i] = beta1 * m[i] + (1 - beta1) * g;
    v[i] = beta2 * v[i] + (1 - beta2) * g * g;
    values[i] = values[i] * shrink - lr * (m[i] / correction1) / (Math.sqrt(v[i] / correction2) + epsilon);
  }
}

/** See `Kernel.rmspropStep`. Arithmetic in float64, stored to float32, as the rmsprop plugin always computed it. */
export function rmspropStep(values: Float32Array, grad: Float32Array, square: Float32Array, velocity: Float32Array, lr: number,
  h: RmspropHyperparameters): void {
  const { alpha, epsilon, momentum, weightDecay } = h;
  for (let i = 0; i < values.length; i++) {
    const g = grad[i] + weightDecay * values[i];
    square[i] = alpha * square[i] + (1 - alpha) * g * g;
    let update = g / (Math.sqrt(square[i]) + epsilon);
    if (momentum > 0) {
      velocity[i] = momentum * velocity[i] + update;
      update = velocity[i];
    }
    values[i] -= lr * update;
  }
}

/** See `Kernel.relu`. */
export function relu(x: Float32Array, y: Float32Array): void {
  for (let i = 0; i < x.length; i++) {
    const value = x[i];
    y[i] = value > 0 ? value : 0;
  }
}

/** See `Kernel.reluBackward`. */
export function reluBackward(y: Float32Array, dy: Float32Array, dx: Float32Array): void {
  for (let i = 0; i < dy.length; i++) dx[i] = y[i] > 0 ? dy[i] : 0;
}

/** See `Kernel.addColumnSums`. */
export function addColumnSums(m: Float32Array, rows: number, cols: number, out: Float32Array): void {
  for (let r = 0; r < rows; r++) {
    const row = r * cols;
    for (let j = 0; j < cols; j++) out[j] += m[row + j];
  }
}

/** See `Kernel.addRowSums` (its eight-lane order). */
export function addRowSums(m: Float32Array, rows: number, cols: number, out: Float32Array): void {
  const lanes = new Float32Array(8);
  const whole = cols - (cols % 8);
  for (let r = 0; r < rows; r++) {
    const row = r * cols;
    lanes.fill(0);
    for (let j = 0; j < whole; j++) lanes[j & 7] += m[row + j];
    const [t0, t1, t2, t3] = [0, 1, 2, 3].map((k) => Math.fround(lanes[k] + lanes[k + 4]));
    let total = Math.fround(Math.fround(t0 + t2) + Math.fround(t1 + t3));
    for (let j = whole; j < cols; j++) total = Math.fround(total + m[row + j]);
    out[r] += total;
  }
}

/** See `Kernel.thresholdBits`. */
export function thresholdBits(values: Float32Array, threshold: number, words: Uint32Array): void {
  const n = values.length;
  for (let word = 0; word < words.length; word++) {
    const base = word * 32;
    const stop = Math.max(0, Math.min(32, n - base));
    let bits = 0;
    for (let b = 0; b < stop; b++) bits |= (values[base + b] > threshold ? 1 : 0) << b;
    words[word] = bits >>> 0;
  }
}
