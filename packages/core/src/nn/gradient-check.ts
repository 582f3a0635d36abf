// Finite-difference gradient checks: compares a layer's analytic backward pass with central differences of a scalar loss.
// N = entries of the checked array
import { Rng } from '../tensor/rng.js';
import { Tensor } from '../tensor/tensor.js';
import type { Layer, PassMode } from './layer.js';
import type { Parameter } from './parameter.js';

/** An array whose gradient is checked: the values to perturb and the analytic gradient to compare with. */
export interface GradientTarget {
  readonly name: string;
  readonly values: Float32Array;
  readonly grad: Float32Array;
  /** Called after `values` change in place (a parameter's cached copies go stale). */
  readonly touch?: () => void;
}

/** The largest disagreement found for one target. */
export interface GradientDifference {
  readonly name: string;
  /** max |analytic − numeric| over the checked entries. */
  readonly absolute: number;
  /** max |analytic − numeric| / max(1, |analytic|, |numeric|): comparable across scales. */
  readonly relative: number;
  readonly checked: number;
}

export interface GradientCheckOptions {
  /** Central-difference step; float32 forward passes want about 1e-2 to 1e-3. */
  readonly epsilon?: number;
  /** Entries checked per target (chosen at random, all when the target is smaller). */
  readonly samples?: number;
  readonly seed?: number;
}

/** A loss and its backward pass, written by the caller for any module (a layer, a model, a loss function). */
export interface GradientProblem {
  /** Runs the forward pass and returns the scalar loss, accumulated in float64. */
  loss(): number;
  /** Zeroes the targets' gradients, then runs forward and backward so each target's `grad` holds dL/dvalues. */
  gradients(): void;
  readonly targets: readonly GradientTarget[];
}

/**
 * Compares analytic gradients with central differences (L(v + ε) − L(v − ε)) / 2ε, entry by entry.
 *
 * @example
 * const [worst] = checkGradients(problem, { epsilon: 1e-2 });
 * assert.ok(worst.relative < 1e-2);
 */
export function checkGradients(problem: GradientProblem, options: GradientCheckOptions = {}): GradientDifference[] {
  const epsilon = options.epsilon ?? 1e-2;
  const samples = options.samples ?? 24;
  const rng = Rng.derive(options.seed ?? 0, 'gradient-check');
  problem.gradients();
  // Copy the analytic gradients first: evaluating the loss may rerun layers that write the same buffers.
  const analytic = problem.targets.map((target) => Float64Array.from(target.grad));
  return problem.targets.map((target, t) => {
    const indices = target.values.length <= samples
      ? Array.from(target.values, (_, i) => i)
      : Array.from({ length: samples }, () => rng.int(target.values.length));
    let absolute = 0;
    let relative = 0;
    for (const i of indices) {
      const saved = target.values[i];
      target.values[i] = saved + epsilon;
      target.touch?.();
      const plus = problem.loss();
      target.values[i] = saved - epsilon;
      target.touch?.();
      const minus = problem.loss();
      target.values[i] = saved;
      target.touch?.();
      // The perturbation actually applied is what float32 could represent, not ε itself.
      const step = Math.fround(saved + epsilon) - Math.fround(saved - epsilon);
      const numeric = (plus - minus) / step;
      const difference = Math.abs(analytic[t][i] - numeric);
      absolute = Math.max(absolute, difference);
      relative = Math.max(relative, difference / Math.max(1, Math.abs(analytic[t][i]), Math.abs(numeric)));
    }
    return { name: target.name, absolute, relative, checked: indices.length };
  }).sort((a, b) => b.relative - a.relative);
}

/** A parameter as a gradient target (touching it so masked parameters recompute W ⊙ M). */
export function parameterTarget(parameter: Parameter): GradientTarget {
  return { name: parameter.name, values: parameter.values, grad: parameter.grad, touch: () => parameter.touch() };
}

/**
 * The standard check of one layer: the loss is a fixed random projection L = Σ r ⊙ y (so dL/dy = r), and the
 * targets are the input (unless `inputGrad` is false, e.g. for token ids) and every parameter that learns.
 */
export function checkLayer(layer: Layer, x: Tensor, options: GradientCheckOptions & {
  readonly mode?: PassMode;
  readonly inputGrad?: boolean;
  /** Extra arrays whose gradient the layer accumulates (e.g. scores of a masked parameter). */
  readonly extraTargets?: readonly GradientTarget[];
} = {}): GradientDifference[] {
  const mode = options.mode ?? { training: false };
  const inputGrad = options.inputGrad ?? true;
  const params = layer.parameters().filter((parameter) => parameter.requiresGrad);
  const projectionRng = Rng.derive(options.seed ?? 0, 'gradient-check', 'projection');
  let projection: Float64Array | null = null;
  const inputGradient = new Float32Array(x.data.length);
  const targets: GradientTarget[] = [
    ...(inputGrad ? [{ name: `${layer.name}:input`, values: x.data, grad: inputGradient }] : []),
    ...params.map(parameterTarget),
    ...(options.extraTargets ?? []),
  ];
  const forward = (): Tensor => {
    const y = layer.forward(x, mode);
    // float32-representable, so dL/dy handed to backward is exactly the projection the loss uses
    projection ??= Float64Array.from({ length: y.data.length }, () => Math.fround(projectionRng.normal()));
    return y;
  };
  const problem: GradientProblem = {
    targets,
    loss: () => {
      const y = forward();
      let sum = 0;
      for (let i = 0; i < y.data.length; i++) sum += (projection as Float64Array)[i] * y.data[i];
      return sum;
    },
    gradients: () => {
      for (const target of targets) target.grad.fill(0);
      const y = forward();
      const dy = new Tensor(Float32Array.from(projection as Float64Array), y.rows, y.cols);
      const dx = layer.backward(dy, inputGrad);
      if (inputGrad && dx) inputGradient.set(dx.data);
    },
  };
  return checkGradients(problem, options);
}

/** One line for test output: the largest difference per target. */
export function describeDifferences(differences: readonly GradientDifference[]): string {
  return differences.map((d) => `${d.name}: abs ${d.absolute.toExponential(2)}, rel ${d.relative.toExponential(2)}`).join('; ');
}
