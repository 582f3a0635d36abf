// A run stopped at any event and resumed from its latest checkpoint writes the same bytes as one never stopped: every phase kind, the BERT model, the native kernel's layout choices.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { loadRegistry } from '@ontogeny/cli';
import { assertSameFiles, stopAndResume } from './stop-and-resume.js';

const registry = await loadRegistry();
const runs = stopAndResume(registry, mkdtempSync(join(tmpdir(), 'ontogeny-resume-')), ['summary.json', 'metrics.csv', 'events.jsonl']);

const sgd = { use: 'sgd', with: { lr: 0.05, momentum: 0.9 } };
const adam = { use: 'adam', with: { lr: 0.003 } };

/** Every phase kind on the MLP, with optimiser, criterion and disorder state that a checkpoint must carry. */
const everyKind = {
  name: 'resume-every-kind',
  checkpointEvery: 3,
  model: { use: 'mlp', with: { hidden: [16] } },
  tasks: { a: { use: 'teacher', with: { task: 0, train: 256, test: 64 } }, b: { use: 'teacher', with: { task: 1, train: 256, test: 64 } } },
  phases: [
    { name: 'pretrain', kind: 'pretrain', task: 'a', steps: 14, batch: 32, saveAt: [0, 5], optimizer: sgd,
      lrSchedule: { use: 'cosine' }, during: { every: 4, disorders: [{ use: 'noise', with: { sigma: 0.01 } }] } },
    { name: 'mask', kind: 'finetune-mask', task: 'b', steps: 10, batch: 32, learner: { use: 'bernoulli' }, optimizer: adam,
      headOptimizer: sgd, during: { every: 100, disorders: [{ use: 'unstable-optimizer', with: { spikeProbability: 0.3, gradientNoise: 0.2 } }] } },
    { name: 'aging', kind: 'prune', steps: 16, batch: 32, evaluateEvents: true, schedule: { use: 'cubic', with: { to: 0.6, every: 4 } },
      criterion: { use: 'movement' }, retune: { steps: 4, learner: { use: 'topk' }, optimizer: adam, headOptimizer: adam } },
    { name: 'rigl', kind: 'sparse-train', from: 'pretrain', task: 'a', steps: 12, batch: 32, optimizer: adam,
      schedule: { use: 'cosine-drop', with: { to: 0.7, every: 4 } }, criterion: { use: 'magnitude' }, regrowth: { use: 'rigl' } },
    { name: 'set', kind: 'sparse-train', from: 'pretrain', steps: 12, batch: 32, optimizer: adam,
      schedule: { use: 'cosine-drop', with: { to: 0.7, every: 4 } }, criterion: { use: 'taylor' }, regrowth: { use: 'set' } },
    { name: 'rewind', kind: 'rewind', to: 'pretrain@5' },
    { name: 'lottery', kind: 'lottery', from: '@birth', steps: 6, batch: 32, levels: 2, rewindTo: 2, optimizer: sgd, criterion: { use: 'magnitude' } },
    { name: 'ticket-control', kind: 'rewind', to: 'lottery@2', reinit: true },
    { name: 'quantized', kind: 'evaluate', before: [{ use: 'quantize', with: { bits: 4 } }] },
  ],
  logEvery: 2,
};

/** A small BERT: masked-language pre-training, fine-tuning, and a head lesion from the fine-tuned network. */
const bert = JSON.parse(readFileSync('experiments/bert-heads.small.json', 'utf8')) as { phases: unknown[] } & Record<string, unknown>;
const bertSpec = { ...bert, name: 'resume-bert', checkpointEvery: 2, logEvery: 1, phases: bert.phases.slice(0, 4) };

/** Sparse enough for the native kernel to choose compressed layouts, whose upkeep it remembers across steps. */
const sparseNative = {
  name: 'resume-native-sparse',
  kernel: 'native',
  checkpointEvery: 4,
  model: { use: 'mlp', with: { hidden: [256, 128] } },
  tasks: { a: { use: 'teacher', with: { task: 0, train: 512, test: 128 } } },
  phases: [
    { name: 'pretrain', kind: 'pretrain', task: 'a', steps: 12, batch: 64, optimizer: sgd },
    { name: 'aging', kind: 'prune', steps: 30, batch: 64, schedule: { use: 'cubic', with: { to: 0.97, every: 6 } }, criterion: { use: 'magnitude' },
      retune: { steps: 6, learner: { use: 'threshold' }, optimizer: adam } },
    { name: 'regrow', kind: 'sparse-train', steps: 16, batch: 64, optimizer: adam,
      schedule: { use: 'cosine-drop', with: { to: 0.97, every: 4 } }, criterion: { use: 'magnitude' }, regrowth: { use: 'rigl' } },
  ],
  logEvery: 2,
};

const onReference = (spec: object) => ({ ...spec, kernel: 'reference' });

for (const [label, spec] of [
  ['every phase kind (MLP)', onReference(everyKind)], ['BERT', onReference(bertSpec)], ['a sparse MLP on the native kernel', sparseNative],
] as const) {
  test(`${label}: stopped at random events and resumed, the results are byte-identical to an uninterrupted run`, async () => {
    const reference = await runs.uninterrupted(spec);
    // Past the first phase's first checkpoint, so that every stop has a checkpoint to continue from
    const firstCheckpoint = 4;
    await fc.assert(fc.asyncProperty(fc.integer({ min: firstCheckpoint + 1, max: reference.events.length - 1 }), async (stopAt) => {
      const { files, resumedFrom } = await runs.stoppedAndResumed(spec, stopAt);
      assert.ok(resumedFrom !== null, `stopped at event ${stopAt}, the run had a checkpoint to continue from`);
      assertSameFiles(files, reference.files, `after a stop at event ${stopAt}`);
    }), { numRuns: 5, verbose: true, examples: [[firstCheckpoint + 1], [reference.events.length - 1]] });
  });
}
