// The lifespans behind the robustness claims: pre-train on the embedded teacher task, then age to a sparsity two ways.
export interface AgingDraw {
  readonly sparsity: number;
  readonly seed: number;
}

/** The gradual schedule's length and spacing: pruning events at steps 0, 50, …, 400. */
const PRUNE_STEPS = 400;
const EVERY = 50;
/** How many pruning events the gradual schedule has, each followed by its re-tuning. */
export const GRADUAL_EVENTS = PRUNE_STEPS / EVERY + 1;

/**
 * Dense pre-training, then from the same weights: gradual cubic magnitude pruning with `retuneSteps` of mask
 * re-tuning after each event ("aging"), and one-shot magnitude pruning followed by the same re-tuning budget in
 * one stretch ("one-shot": GRADUAL_EVENTS × `retuneSteps` steps with the same learner and optimisers).
 */
export function agingSpec({ sparsity, seed }: AgingDraw, retuneSteps: number): unknown {
  const adam = (lr: number) => ({ use: 'adam', with: { lr } });
  const retune = (steps: number) => ({ steps, learner: { use: 'threshold' }, optimizer: adam(0.002), headOptimizer: adam(0.003) });
  return {
    name: 'aging-claim',
    seed,
    model: { use: 'mlp', with: { hidden: [128, 64] } },
    tasks: { a: { use: 'teacher', with: { train: 3000, test: 1000 } } },
    phases: [
      { name: 'dense', kind: 'pretrain', task: 'a', epochs: 15, batch: 64, optimizer: adam(0.003) },
      {
        name: 'aging', kind: 'prune', steps: PRUNE_STEPS, batch: 64,
        schedule: { use: 'cubic', with: { to: sparsity, every: EVERY } },
        criterion: { use: 'magnitude' },
        retune: retune(retuneSteps),
      },
      {
        name: 'one-shot', kind: 'prune', from: 'dense', steps: 0, batch: 64,
        schedule: { use: 'one-shot', with: { to: sparsity } },
        criterion: { use: 'magnitude' },
        retune: retune(GRADUAL_EVENTS * retuneSteps),
      },
    ],
  };
}
