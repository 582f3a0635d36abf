// A run stopped inside a mask-learning phase or a continual phase resumes byte-identical: what each layer learns (its `learning` flag) is set again by the phase before anything reads it.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadRegistry } from '@ontogeny/cli';
import { assertSameFiles, stopAndResume } from './stop-and-resume.js';

const registry = await loadRegistry();
const runs = stopAndResume(registry, mkdtempSync(join(tmpdir(), 'ontogeny-resume-learning-')), ['summary.json', 'metrics.csv', 'events.jsonl']);

const sgd = { use: 'sgd', with: { lr: 0.05, momentum: 0.9 } };
const adam = { use: 'adam', with: { lr: 0.003 } };
const teacher = (task: number) => ({ use: 'teacher', with: { task, train: 256, test: 64 } });
// Gradient noise reads each layer's flag every step: on scores when it learns structure, on weights when it learns values
const noisyGradients = { every: 1, disorders: [{ use: 'unstable-optimizer', with: { spikeProbability: 0, gradientNoise: 0.3 } }] };

/** Structure learning, then continual phases that learn structure and then values: each phase inherits the flags of the one before. */
const spec = {
  name: 'resume-learning',
  kernel: 'reference',
  checkpointEvery: 2,
  logEvery: 1,
  model: { use: 'mlp', with: { hidden: [16] } },
  tasks: { a: teacher(0), b: teacher(1), c: teacher(2) },
  phases: [
    { name: 'pretrain', kind: 'pretrain', task: 'a', steps: 6, batch: 32, optimizer: sgd },
    { name: 'mask', kind: 'finetune-mask', task: 'b', steps: 10, batch: 32, learner: { use: 'bernoulli' }, optimizer: adam,
      headOptimizer: sgd, during: noisyGradients },
    { name: 'continual', kind: 'continual-mask', tasks: ['a', 'c'], steps: 6, batch: 32, learner: { use: 'threshold' }, optimizer: adam,
      headOptimizer: adam, during: noisyGradients },
    { name: 'packnet', kind: 'continual-packnet', tasks: ['b', 'c'], steps: 4, retrainSteps: 2, batch: 32, optimizer: adam, during: noisyGradients },
  ],
};

test('stopped inside finetune-mask, at the start of and inside continual phases, and resumed: the results are byte-identical', async () => {
  const reference = await runs.uninterrupted(spec);
  // Event numbers (1-based, as the stop counts them) of each phase's events
  const eventsOf = (phase: string) => reference.events.flatMap((event, index) => ('phase' in event && event.phase === phase ? [index + 1] : []));
  const middle = (numbers: number[]) => numbers[Math.floor(numbers.length / 2)]!;
  const stops = [middle(eventsOf('mask')), eventsOf('continual')[0]!, middle(eventsOf('continual')), middle(eventsOf('packnet'))];
  for (const stopAt of stops) {
    const { files, resumedFrom } = await runs.stoppedAndResumed(spec, stopAt);
    assert.ok(resumedFrom !== null, `stopped at event ${stopAt}, the run had a checkpoint to continue from`);
    assertSameFiles(files, reference.files, `after a stop at event ${stopAt}`);
  }
});
