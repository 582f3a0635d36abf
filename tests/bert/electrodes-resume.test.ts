// A BERT run with electrodes, stopped and resumed, leaves the same recording as a run never stopped: nothing lost, nothing recorded twice.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadRegistry } from '@ontogeny/cli';
import { assertSameFiles, stopAndResume } from '../lifespan/stop-and-resume.js';

const registry = await loadRegistry();
const runs = stopAndResume(registry, mkdtempSync(join(tmpdir(), 'ontogeny-electrodes-resume-')),
  ['electrodes.json', 'electrodes.bin', 'events.jsonl']);

const bert = JSON.parse(readFileSync('experiments/bert-heads.small.json', 'utf8')) as { phases: unknown[] } & Record<string, unknown>;
/** Pre-training and fine-tuning, recorded every other step, checkpointed every third: stops fall between records and checkpoints. */
const spec = {
  ...bert, name: 'electrodes-resume', kernel: 'reference', checkpointEvery: 3, logEvery: 1, phases: bert.phases.slice(0, 2),
  reporters: [{ use: 'electrodes', with: { every: 2, sequences: 2 } }],
};

test('stopped inside pre-training and inside fine-tuning, and resumed: electrodes.json and electrodes.bin are byte-identical', async () => {
  const reference = await runs.uninterrupted(spec);
  // Event numbers (1-based, as the stop counts them) of each phase's events, the last one of a phase being its checkpoint
  const eventsOf = (phase: string) => reference.events.flatMap((event, index) => ('phase' in event && event.phase === phase ? [index + 1] : []));
  for (const phase of ['pretrain', 'finetune']) {
    const events = eventsOf(phase);
    const stopAt = events.at(-3)!;
    const { files, resumedFrom } = await runs.stoppedAndResumed(spec, stopAt);
    assert.ok(resumedFrom !== null, `stopped at event ${stopAt}, the run had a checkpoint to continue from`);
    assertSameFiles(files, reference.files, `after a stop at event ${stopAt} (in ${phase})`);
  }
});
