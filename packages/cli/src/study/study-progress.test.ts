// The study's progress display: counts of done / reused / failed / running / queued, the ETA, TTY and log forms.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Summary } from '@ontogeny/core';
import { StudyProgress } from './study-progress.js';

const summary = {} as Summary;
const completed = (seconds: number, reused = false) =>
  ({ status: 'completed', run: 'r-1', reused, resumed: false, summary, seconds, testExamples: {} }) as const;

test('counts and ETA: reused runs do not count toward the ETA, running is capped by the jobs', () => {
  let clock = 0;
  const written: string[] = [];
  const progress = new StudyProgress({ total: 10, jobs: 2, tty: false, quiet: false, write: (text) => written.push(text), now: () => clock });
  assert.equal(progress.status(), 'runs 0/10 done, 2 running, 8 queued, ETA after the first computed run');
  progress.ended('bits=2, seed 0', completed(0.5, true));
  clock = 40;
  progress.ended('bits=2, seed 1', completed(40));
  progress.ended('bits=4, seed 0', { status: 'failed', run: null, reason: 'its worker crashed: worker exited with code: 7' });
  // 7 left on 2 workers: 4 rounds of the one computed run's 40 s
  assert.equal(progress.status(), 'runs 2/10 done (1 reused), 1 failed, 2 running, 5 queued, ETA 3 min');
  assert.deepEqual(written, [
    '[1/10] bits=2, seed 0: already complete (r-1)\n',
    '[2/10] bits=2, seed 1: done in 40.0 s (r-1)\n',
    '[3/10] bits=4, seed 0: FAILED — its worker crashed: worker exited with code: 7\n',
  ], 'without a TTY, one line per run and no status redraws');
});

test('on a TTY the status line is rewritten in place and run lines go above it', () => {
  const written: string[] = [];
  const progress = new StudyProgress({ total: 2, jobs: 1, tty: true, quiet: false, write: (text) => written.push(text), now: () => 0 });
  progress.start();
  progress.ended('(base), seed 0', completed(1));
  progress.ended('(base), seed 1', completed(1));
  progress.finish();
  assert.deepEqual(written, [
    '\r\x1b[Kruns 0/2 done, 1 running, 1 queued, ETA after the first computed run',
    '\r\x1b[K', '[1/2] (base), seed 0: done in 1.0 s (r-1)\n',
    '\r\x1b[Kruns 1/2 done, 1 running, 0 queued, ETA 1 s',
    '\r\x1b[K', '[2/2] (base), seed 1: done in 1.0 s (r-1)\n',
    '\r\x1b[Kruns 2/2 done, 0 running, 0 queued, took 0 s',
    '\n',
  ]);
});
