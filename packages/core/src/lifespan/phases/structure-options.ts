// Options shared by the phases that learn structure: the mask learner, its optimiser, the layers, the head's optimiser.
import { BitMask } from '../../mask/bit-mask.js';
import type { MaskedParameter } from '../../mask/masked-parameter.js';
import type { SpecPartOf } from '../../plugin/options-type.js';
import { learnStructure } from '../learning.js';
import type { PhaseContext, PluginRefSchema } from '../phase-kind.js';
import type { OptimizerGroup, TrainOptions } from '../train-steps.js';

/** The structure-learning options; without a head optimiser the head stays as it is. */
export type StructureSpec = SpecPartOf<ReturnType<typeof structureProperties>, ['learner', 'optimizer']>;

export function structureProperties(ref: PluginRefSchema) {
  return {
    learner: ref('mask-learner'),
    optimizer: ref('optimizer'),
    headOptimizer: ref('optimizer'),
  } as const;
}

/**
 * Prepares structure learning on `layers` and returns the training hooks: the mask is set from the scores
 * before every step and the learner may adjust the straight-through gradient after backward.
 */
export function structureLearning(context: PhaseContext, spec: StructureSpec, layers: readonly MaskedParameter[],
  afterBackward?: () => void): Pick<TrainOptions, 'groups' | 'beforeStep' | 'afterBackward'> & { finish(): void; withFinalMask<T>(look: () => T): T } {
  const learner = context.create('mask-learner', spec.learner);
  const task = context.task!;
  const { scores, head } = learnStructure(context.model, task.name, layers, learner,
    (layer) => context.rng('scores', layer), spec.headOptimizer !== undefined);
  const finish = () => {
    for (const layer of layers) learner.updateMask(layer, false, context.rng('mask-final', layer.name));
  };
  const groups: OptimizerGroup[] = [{ optimizer: context.create('optimizer', spec.optimizer), params: scores }];
  if (spec.headOptimizer) groups.push({ optimizer: context.create('optimizer', spec.headOptimizer), params: head });
  return {
    groups,
    beforeStep: (step) => {
      for (const layer of layers) learner.updateMask(layer, true, context.rng('mask-sample', layer.name, step));
    },
    afterBackward: () => {
      for (const layer of layers) learner.adjustGradient?.(layer);
      afterBackward?.();
    },
    // Evaluation uses the deterministic mask (a Bernoulli learner stops sampling).
    finish,
    // An evaluation inside the phase only looks: the mask training left is put back, as later steps start from it
    withFinalMask: (look) => {
      const training = layers.map((layer) => new BitMask(layer.size, layer.mask.words.slice()));
      finish();
      try {
        return look();
      } finally {
        layers.forEach((layer, index) => layer.setMask(training[index]));
      }
    },
  };
}

export const layersProperty = {
  type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true,
  description: 'Masked layers this phase acts on, by name (e.g. "fc1"); all of the body by default.',
} as const;
