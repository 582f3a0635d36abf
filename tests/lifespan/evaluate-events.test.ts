// Evaluating after each pruning event only looks: a prune phase with `evaluateEvents` ends where the same phase without it does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lastValueFrom, toArray } from 'rxjs';
import { prepareLifespan, runLifespan, type LifespanEvent } from '@ontogeny/core';
import { loadRegistry } from '@ontogeny/cli';

const registry = await loadRegistry();

async function events(evaluateEvents: boolean, learner: string): Promise<LifespanEvent[]> {
  const prepared = await prepareLifespan({
    spec: {
      name: 'evaluate-events',
      model: { use: 'mlp', with: { hidden: [16] } },
      tasks: { a: { use: 'teacher', with: { train: 256, test: 64 } } },
      phases: [
        { name: 'pretrain', kind: 'pretrain', task: 'a', steps: 20, batch: 32, optimizer: { use: 'sgd', with: { lr: 0.1 } } },
        {
          name: 'aging', kind: 'prune', steps: 30, batch: 32, evaluateEvents,
          schedule: { use: 'cubic', with: { to: 0.7, every: 10 } }, criterion: { use: 'magnitude' },
          retune: { steps: 5, learner: { use: learner }, optimizer: { use: 'adam', with: { lr: 0.01 } } },
        },
      ],
    },
    file: 'evaluate-events.json', registry, kernel: 'reference',
  });
  return lastValueFrom(runLifespan(prepared).pipe(toArray()));
}

/**
 * Everything but the evaluations made after pruning events (the phase-end evaluation stays) and the run's
 * hash (the option is part of the spec, so of the run's name).
 */
function withoutEventEvaluations(all: readonly LifespanEvent[]): unknown[] {
  return all
    .filter((event, index) => !(event.type === 'evaluate' && all[index + 1]?.type !== 'phase:end'))
    .map((event) => ('hash' in event ? { ...event, hash: '(run name)' } : event));
}

for (const learner of ['threshold', 'topk', 'bernoulli']) {
  test(`with the ${learner} learner, a prune phase's metrics, densities and losses do not depend on evaluateEvents`, async () => {
    const plain = await events(false, learner);
    const observed = await events(true, learner);
    const added = observed.filter((event) => event.type === 'evaluate' && event.phase === 'aging').length;
    assert.ok(added > 1, `the evaluated run evaluated after its pruning events (${added} evaluations in aging)`);
    assert.deepEqual(withoutEventEvaluations(observed), withoutEventEvaluations(plain));
  });
}
