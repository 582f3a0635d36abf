// The lifespans behind the robustness claims: pre-train on the embedded teacher task, then age to a sparsity two ways.
export interface AgingDraw {
  readonly sparsity: number;
  readonly seed: number;
}

/**
 * Dense pre-training, then from the same weights: gradual cubic magnitude pruning with `retuneSteps` of mask
 * re-tuning after each event ("aging"), and one-shot magnitude pruning with no re-tuning ("one-shot").
 */
export function agingSpec({ sparsity, seed }: AgingDraw, retuneSteps: number): unknown {
  const adam = (lr: number) => ({ use: 'adam', with: { lr } });
  return {
    name: 'aging-claim',
    seed,
    model: { use: 'mlp', with: { hidden: [128, 64] } },
    tasks: { a: { use: 'teacher', with: { train: 3000, test: 1000 } } },
    phases: [
      { name: 'dense', kind: 'pretrain', task: 'a', epochs: 15, batch: 64, optimizer: adam(0.003) },
      {
        name: 'aging', kind: 'prune', steps: 400, batch: 64,
        schedule: { use: 'cubic', with: { to: sparsity, every: 50 } },
        criterion: { use: 'magnitude' },
        retune: { steps: retuneSteps, learner: { use: 'threshold' }, optimizer: adam(0.002), headOptimizer: adam(0.003) },
      },
      { name: 'one-shot', kind: 'prune', from: 'dense', steps: 0, schedule: { use: 'one-shot', with: { to: sparsity } }, criterion: { use: 'magnitude' } },
    ],
  };
}
