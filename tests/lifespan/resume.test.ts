// A run stopped at any event and resumed from its latest checkpoint writes the same bytes as one never stopped: every phase kind, the BERT model, the native kernel's layout choices.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { isError, errors, prepareLifespan, runInStore } from '@ontogeny/core';
import { loadRegistry } from '@ontogeny/cli';

const registry = await loadRegistry();
const work = mkdtempSync(join(tmpdir(), 'ontogeny-resume-'));
const RESULT_FILES = ['summary.json', 'metrics.csv', 'events.jsonl'] as const;

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

async function prepare(spec: object) {
  return prepareLifespan({ spec, file: 'resume.test.json', registry });
}

/** The files of `spec` run without a stop, and how many events the run emitted. */
async function uninterrupted(spec: object): Promise<{ files: Map<string, string>; events: number }> {
  const store = join(work, 'reference');
  const { runDir } = await runInStore(store, await prepare(spec));
  const files = new Map(RESULT_FILES.map((file) => [file, readFileSync(join(runDir, file), 'utf8')]));
  return { files, events: files.get('events.jsonl')!.trim().split('\n').length };
}

/** Runs `spec` into a fresh store, stops it when its `stopAt`-th event arrives, resumes it; returns the files and where it resumed. */
async function stoppedAndResumed(spec: object, stopAt: number): Promise<{ files: Map<string, string>; resumedFrom: string | null }> {
  const store = join(work, `stopped-${stopAt}`);
  rmSync(store, { recursive: true, force: true });
  const stop = new AbortController();
  const first = runInStore(store, await prepare(spec), {
    signal: stop.signal,
    observe: (events) => {
      let seen = 0;
      events.subscribe({ next: () => { if (++seen === stopAt) stop.abort('the test stops it'); }, error: () => {} });
    },
  });
  await assert.rejects(first, (error) => isError(error, errors.RUN_ABORTED));
  const resumed = await runInStore(store, await prepare(spec), { resume: true });
  return {
    files: new Map(RESULT_FILES.map((file) => [file, readFileSync(join(resumed.runDir, file), 'utf8')])),
    resumedFrom: resumed.resumedFrom,
  };
}

const onReference = (spec: object) => ({ ...spec, kernel: 'reference' });

for (const [label, spec] of [
  ['every phase kind (MLP)', onReference(everyKind)], ['BERT', onReference(bertSpec)], ['a sparse MLP on the native kernel', sparseNative],
] as const) {
  test(`${label}: stopped at random events and resumed, the results are byte-identical to an uninterrupted run`, async () => {
    const reference = await uninterrupted(spec);
    // Past the first phase's first checkpoint, so that every stop has a checkpoint to continue from
    const firstCheckpoint = 4;
    await fc.assert(fc.asyncProperty(fc.integer({ min: firstCheckpoint + 1, max: reference.events - 1 }), async (stopAt) => {
      const { files, resumedFrom } = await stoppedAndResumed(spec, stopAt);
      assert.ok(resumedFrom !== null, `stopped at event ${stopAt}, the run had a checkpoint to continue from`);
      for (const file of RESULT_FILES) assert.equal(files.get(file), reference.files.get(file), `${file} after a stop at event ${stopAt}`);
    }), { numRuns: 5, verbose: true, examples: [[firstCheckpoint + 1], [reference.events - 1]] });
  });
}
