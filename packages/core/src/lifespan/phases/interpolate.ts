// `interpolate`: loss and accuracy along the straight line between two earlier phases' solutions, and the barrier on it.
import { MaskedParameter } from '../../mask/masked-parameter.js';
import type { Model } from '../../plugin/contracts/model.js';
import { evaluate } from '../evaluate.js';
import type { Metrics } from '../events.js';
import { definePhase } from '../phase-kind.js';
import { unknownEarlierPhases } from './earlier-phases.js';
import { allParameters, captureState, restoreState, type ModelState, type ParameterState } from '../state.js';


/** The function-defining values of a saved parameter: W ⊙ M for a masked weight, the values otherwise. */
function effectiveValues(saved: ParameterState): Float32Array {
  if (!saved.mask) return saved.values;
  const words = saved.mask;
  return Float32Array.from(saved.values, (value, i) => ((words[i >>> 5] >>> (i & 31)) & 1 ? value : 0));
}

/** The effective values of every parameter of `state`, by name. */
function effectiveByName(state: ModelState): Map<string, Float32Array> {
  return new Map(state.parameters.map((saved) => [saved.name, effectiveValues(saved)]));
}

/**
 * Sets every parameter the model shares with both ends to (1 − α)·θ_A + α·θ_B of the effective weights, dense
 * (full mask, nothing removed, no quantization record): the point α of the path, whatever the two masks were.
 */
function moveTo(model: Model, alpha: number, a: Map<string, Float32Array>, b: Map<string, Float32Array>): void {
  for (const parameter of allParameters(model)) {
    const start = a.get(parameter.name);
    const end = b.get(parameter.name);
    if (!start || !end) continue;
    for (let i = 0; i < parameter.size; i++) parameter.values[i] = (1 - alpha) * start[i] + alpha * end[i];
    parameter.touch();
    if (parameter instanceof MaskedParameter) {
      parameter.mask.fill(true);
      parameter.removed.fill(false);
      parameter.maskVersion++;
      parameter.quantization = null;
    }
  }
}

/**
 * The largest rise of `values` along the path above the straight line between its two ends (Entezari et al. 2022's
 * barrier; 0 when the path is nowhere above that line, as for linearly connected solutions).
 */
export function barrierHeight(alphas: readonly number[], values: readonly number[]): number {
  const first = values[0];
  const last = values[values.length - 1];
  return Math.max(0, ...alphas.map((alpha, k) => values[k] - ((1 - alpha) * first + alpha * last)));
}

const pointLabel = (alpha: number): string => String(Number(alpha.toFixed(4)));

export const interpolatePhase = definePhase({
  kind: 'interpolate',
  description: 'Evaluates the network along the straight line between the solutions two earlier phases ended with (e.g. a learned mask and dense fine-tuning from one pre-trained start); reports loss and accuracy at each point and the barrier heights. Leaves the network as it found it.',
  needsTask: true,
  schema: () => ({
    properties: {
      between: {
        type: 'array', items: { type: 'string', minLength: 1 }, minItems: 2, maxItems: 2,
        description: 'The two earlier phases whose end states are the path\'s ends, α = 0 and α = 1; each body and head weight moves from W_A ⊙ M_A to W_B ⊙ M_B.',
      },
      points: { type: 'integer', minimum: 3, maximum: 101, default: 11, description: 'Evenly spaced points α = 0 … 1 evaluated, both ends included (default 11: steps of 0.1).' },
      split: { enum: ['test', 'train'], default: 'test', description: 'The split evaluated along the path (default test).' },
    },
    required: ['between'],
  }),
  crossCheck: (phaseSpec, earlier, path) => unknownEarlierPhases(phaseSpec.between, earlier, `${path}/between`),
  async run(context, spec) {
    const task = context.task!;
    const [a, b] = spec.between.map((name) => effectiveByName(context.state(name)));
    for (const head of context.model.headParameters(task.name)) {
      if (!a.has(head.name) || !b.has(head.name)) {
        throw new Error(`interpolate: phases ${spec.between.map((n) => `"${n}"`).join(' and ')} must both have a head for task "${task.name}" — train the task in both`);
      }
    }
    const start = captureState(context.model);
    const split = spec.split === 'test' ? task.data.test : task.data.train;
    const alphas = Array.from({ length: spec.points }, (_, k) => k / (spec.points - 1));
    const path: Metrics[] = [];
    for (const [k, alpha] of alphas.entries()) {
      await context.yieldPoint();
      moveTo(context.model, alpha, a, b);
      const metrics = evaluate(context.model, task.name, task.data, split, context.evaluationBatch);
      path.push(metrics);
      // The event's step is the point's index k; α = k / (points − 1)
      context.emit({ type: 'evaluate', phase: context.phase, step: k, task: task.name, split: spec.split, metrics });
    }
    restoreState(context.model, start, () => {});
    const extra: Record<string, number> = {
      lossBarrier: barrierHeight(alphas, path.map((m) => m.loss)),
      errorBarrier: barrierHeight(alphas, path.map((m) => 1 - m.accuracy)),
    };
    alphas.forEach((alpha, k) => {
      extra[`loss@${pointLabel(alpha)}`] = path[k].loss;
      extra[`accuracy@${pointLabel(alpha)}`] = path[k].accuracy;
    });
    return { steps: 0, lastStep: spec.points - 1, diverged: false, extra };
  },
});
