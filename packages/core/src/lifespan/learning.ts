// What a phase learns: sets each parameter's `learning` / `requiresGrad` and returns the arrays each optimiser steps.
import type { MaskedParameter } from '../mask/masked-parameter.js';
import { MaskedParameter as MaskedParameterClass } from '../mask/masked-parameter.js';
import type { Parameter } from '../nn/parameter.js';
import type { MaskLearner } from '../plugin/contracts/mask-learner.js';
import type { Model } from '../plugin/contracts/model.js';
import type { Rng } from '../tensor/rng.js';

/** Every parameter of the body and of all heads stops learning. */
export function freezeAll(model: Model): void {
  const all = [...model.bodyParameters(), ...model.headNames().flatMap((head) => model.headParameters(head))];
  for (const parameter of all) {
    parameter.requiresGrad = false;
    if (parameter instanceof MaskedParameterClass) parameter.learning = 'frozen';
  }
}

/**
 * Weight learning: the head of `task`, and the body too when `scope` is 'all'. Masked weights learn under
 * their current mask (the gradient is sampled at kept connections). Returns the parameters to step.
 */
export function learnValues(model: Model, task: string, scope: 'all' | 'head'): Parameter[] {
  freezeAll(model);
  const learned = [...(scope === 'all' ? model.bodyParameters() : []), ...model.headParameters(task)];
  for (const parameter of learned) {
    parameter.requiresGrad = true;
    if (parameter instanceof MaskedParameterClass) parameter.learning = 'values';
  }
  return learned;
}

/**
 * Structure learning over frozen values: each of `layers` gets scores from `learner` (starting from its current
 * mask) and learns its mask; the head of `task` learns its values when `trainHead`. Returns the score
 * parameters and the head parameters, for their own optimisers.
 */
export function learnStructure(model: Model, task: string, layers: readonly MaskedParameter[], learner: MaskLearner,
  rng: (layer: string) => Rng, trainHead: boolean): { scores: Parameter[]; head: Parameter[] } {
  freezeAll(model);
  const scores: Parameter[] = [];
  for (const layer of layers) {
    layer.learning = 'structure';
    learner.initScores(layer, rng(layer.name));
    if (!layer.scores) throw new Error(`mask learner created no scores for ${layer.name}`);
    layer.scores.requiresGrad = true;
    scores.push(layer.scores);
    learner.updateMask(layer, true, rng(layer.name));
  }
  const head = trainHead ? model.headParameters(task) : [];
  for (const parameter of head) {
    parameter.requiresGrad = true;
    if (parameter instanceof MaskedParameterClass) parameter.learning = 'values';
  }
  return { scores, head };
}
