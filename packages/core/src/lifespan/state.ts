// Snapshots of a model's whole state (values, masks, removals, scores, heads) for branches and checkpoints.
import { BitMask } from '../mask/bit-mask.js';
import { MaskedParameter } from '../mask/masked-parameter.js';
import type { Quantization } from '../mask/masked-parameter.js';
import { Parameter } from '../nn/parameter.js';
import type { Model } from '../plugin/contracts/model.js';
import { isCheckpointable, type PluginState } from '../plugin/contracts/checkpointable.js';

export interface ParameterState {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
  readonly mask?: Uint32Array;
  readonly removed?: Uint32Array;
  readonly scores?: Float32Array;
  /** The dense gradient a phase keeps between steps (RigL ranks regrowth by the previous step's). */
  readonly denseGrad?: Float32Array;
  readonly quantization?: Quantization;
  /** The bit-packed mask of each task learned over these values (continual learning), by task name. */
  readonly taskMasks?: Readonly<Record<string, Uint32Array>>;
}

export interface ModelState {
  /** The tasks that had a head. */
  readonly heads: readonly string[];
  readonly parameters: readonly ParameterState[];
  /** What a checkpointable model keeps besides its parameters (a BERT's head importances). */
  readonly extra?: PluginState;
}

export function allParameters(model: Model): Parameter[] {
  return [...model.bodyParameters(), ...model.headNames().flatMap((head) => model.headParameters(head))];
}

/** Every parameter of the model and the score parameters of its masked ones: whatever a plugin may keep state for. */
export function parametersWithScores(model: Model): Parameter[] {
  return allParameters(model).flatMap((parameter) =>
    parameter instanceof MaskedParameter && parameter.scores ? [parameter, parameter.scores] : [parameter]);
}

/** A deep copy of everything that defines the network's function and its learning state. */
export function captureState(model: Model): ModelState {
  return {
    heads: model.headNames(),
    ...(isCheckpointable(model) ? { extra: model.saveState([]) } : {}),
    parameters: allParameters(model).map((parameter) => {
      const base = { name: parameter.name, shape: parameter.shape, values: parameter.values.slice() };
      if (!(parameter instanceof MaskedParameter)) return base;
      return {
        ...base,
        mask: parameter.mask.words.slice(),
        removed: parameter.removed.words.slice(),
        ...(parameter.scores ? { scores: parameter.scores.values.slice() } : {}),
        ...(parameter.denseGrad ? { denseGrad: parameter.denseGrad.slice() } : {}),
        ...(parameter.quantization ? { quantization: copyQuantization(parameter.quantization) } : {}),
        ...(parameter.taskMasks.size > 0
          ? { taskMasks: Object.fromEntries([...parameter.taskMasks].map(([task, mask]) => [task, mask.words.slice()])) }
          : {}),
      };
    }),
  };
}

/**
 * Puts `model` back in `state`: heads it did not have are removed, missing heads are re-created by `addHead`
 * (then overwritten), and every parameter is restored by name.
 */
export function restoreState(model: Model, state: ModelState, addHead: (task: string) => void): void {
  for (const head of model.headNames()) if (!state.heads.includes(head)) model.removeHead(head);
  for (const head of state.heads) if (!model.headNames().includes(head)) addHead(head);
  if (state.extra && isCheckpointable(model)) model.loadState([], state.extra);
  const byName = new Map(allParameters(model).map((parameter) => [parameter.name, parameter]));
  for (const saved of state.parameters) {
    const parameter = byName.get(saved.name);
    if (!parameter || parameter.size !== saved.values.length) {
      throw new Error(`state does not fit the model: parameter ${saved.name} ${parameter ? 'has another size' : 'is missing'}`);
    }
    parameter.values.set(saved.values);
    parameter.touch();
    if (!(parameter instanceof MaskedParameter)) continue;
    if (saved.mask) parameter.mask.words.set(saved.mask);
    if (saved.removed) parameter.removed.words.set(saved.removed);
    parameter.maskVersion++;
    // Scores are written into the parameter that holds them when there is one: optimisers key their state by it
    if (saved.scores && parameter.scores?.size === saved.scores.length) {
      parameter.scores.values.set(saved.scores);
      parameter.scores.touch();
    } else {
      parameter.scores = saved.scores ? new Parameter(`${parameter.name}.scores`, parameter.shape, saved.scores.slice()) : null;
    }
    parameter.quantization = saved.quantization ? copyQuantization(saved.quantization) : null;
    parameter.taskMasks.clear();
    for (const [task, words] of Object.entries(saved.taskMasks ?? {})) parameter.taskMasks.set(task, new BitMask(parameter.size, words.slice()));
    if (saved.denseGrad && parameter.denseGrad?.length === saved.denseGrad.length) parameter.denseGrad.set(saved.denseGrad);
  }
}

function copyQuantization(q: Quantization): Quantization {
  return { bits: q.bits, scales: q.scales.slice(), zeroPoints: q.zeroPoints.slice(), codes: q.codes.slice() };
}
