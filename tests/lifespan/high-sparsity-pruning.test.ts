// Claim 4's machinery: magnitude, movement and score pruning each take the MLP and the small BERT down to 3 % density with re-tuning.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runSpec } from '@ontogeny/core';
import { loadRegistry } from '@ontogeny/cli';

const registry = await loadRegistry();
const adam = (lr: number) => ({ use: 'adam', with: { lr } });
const CRITERIA = [{ use: 'magnitude' }, { use: 'movement' }, { use: 'score', with: { signed: true } }];

/** Pre-train, learn a mask, then prune it to 97 % sparsity by each criterion (one branch each) with mask re-tuning. */
function spec(model: unknown, tasks: Record<string, unknown>, source: string, target: string) {
  return {
    name: 'high-sparsity',
    model,
    tasks,
    phases: [
      { name: 'pretrain', kind: 'pretrain', task: source, steps: 20, batch: 16, optimizer: adam(0.01) },
      { name: 'mask', kind: 'finetune-mask', task: target, steps: 10, batch: 16, learner: { use: 'threshold' }, optimizer: adam(0.01), headOptimizer: adam(0.01) },
      ...CRITERIA.map((criterion) => ({
        name: `prune-${criterion.use}`, kind: 'prune', from: 'mask', steps: 40, batch: 16,
        schedule: { use: 'cubic', with: { to: 0.97, every: 10 } },
        criterion,
        retune: { steps: 5, learner: { use: 'threshold' }, optimizer: adam(0.01), headOptimizer: adam(0.01) },
      })),
    ],
  };
}

async function check(model: unknown, tasks: Record<string, unknown>, source: string, target: string): Promise<void> {
  const result = await runSpec(spec(model, tasks, source, target), registry, { kernel: 'reference' });
  const layers = Object.keys(result.phases.get('pretrain')!.density).filter((layer) => !layer.startsWith('head:'));
  for (const { use } of CRITERIA) {
    const phase = result.phases.get(`prune-${use}`)!;
    assert.equal(phase.diverged, false, use);
    assert.ok(Math.abs(phase.extra.sparsity - 0.97) < 0.005, `${use}: sparsity ${phase.extra.sparsity}`);
    for (const layer of layers) assert.ok(Math.abs(phase.density[layer] - 0.03) < 0.005, `${use}: ${layer} at density ${phase.density[layer]}`);
    assert.ok(Number.isFinite(phase.metrics.loss), `${use}: loss ${phase.metrics.loss}`);
  }
  const accuracies = CRITERIA.map(({ use }) => result.metric(`prune-${use}`));
  console.log(`# 3 % density: ${CRITERIA.map(({ use }, i) => `${use} ${accuracies[i]}`).join(', ')}`);
}

test('MLP: magnitude, movement and score pruning reach 3 % density in every layer, re-tuned, without diverging', async () => {
  await check({ use: 'mlp', with: { hidden: [64, 32] } },
    { a: { use: 'teacher', with: { task: 0, train: 400, test: 200 } }, b: { use: 'teacher', with: { task: 1, train: 400, test: 200 } } }, 'a', 'b');
});

test('small BERT: magnitude, movement and score pruning reach 3 % density in every encoder matrix, re-tuned, without diverging', async () => {
  await check({ use: 'bert', with: { width: 16, layers: 1, heads: 2, ffnWidth: 32 } },
    { mlm: { use: 'language-mlm', with: { train: 64, dev: 8, test: 16 } }, sentiment: { use: 'language-sentiment', with: { train: 64, dev: 8, test: 32 } } },
    'mlm', 'sentiment');
});
