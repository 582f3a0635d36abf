// `rewind`: puts back the weights saved at a step of an earlier phase, under the current mask (or re-draws them).
import { phaseOption } from '../../spec/spec.js';
import { definePhase } from '../phase-kind.js';
import { rewindWeights } from '../rewind.js';


export const rewindPhase = definePhase({
  kind: 'rewind',
  description: 'Restores the weights (body and heads) saved at "<phase>@<step>" (see `saveAt`) under the current mask; `reinit` re-draws them instead.',
  needsTask: true,
  schema: () => ({
    properties: {
      to: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*@[0-9]+$', description: 'The saved weights, "<phase>@<step>", from an earlier phase\'s saveAt (or a lottery phase\'s rewindTo).' },
      reinit: { type: 'boolean', default: false, description: 'The control: draw new random weights of the same range instead of the saved ones.' },
    },
    required: ['to'],
  }),
  crossCheck(spec, earlier, path) {
    const available = earlier.flatMap((phase) => {
      const saveAt = phaseOption(phase, 'saveAt');
      const rewindTo = phaseOption(phase, 'rewindTo');
      const saved: unknown[] = Array.isArray(saveAt) ? saveAt : [];
      return [...saved, ...(phase.kind === 'lottery' ? [typeof rewindTo === 'number' ? rewindTo : 0] : [])].map((step) => `${phase.name}@${String(step)}`);
    });
    return available.includes(spec.to) ? [] : [
      `at ${path}/to: no earlier phase saves weights as "${spec.to}" — expected one of ${available.join(', ') || '(none: add saveAt to a training phase)'}`,
    ];
  },
  async run(context, spec) {
    rewindWeights(context.model, context.saved.get(spec.to)!, spec.reinit, (name) => context.rng('reinit', name));
    return { steps: 0, diverged: false };
  },
});
