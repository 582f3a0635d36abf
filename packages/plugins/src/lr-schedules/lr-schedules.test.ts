// Learning-rate schedules pinned at hand-computed steps.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LearningRateSchedule } from '@ontogeny/core';
import { lrSchedulePlugins } from './index.js';

function schedule(name: string, options: Record<string, unknown>): LearningRateSchedule {
  return lrSchedulePlugins.find((p) => p.name === name)!.create(options as never, { seed: 0 }) as LearningRateSchedule;
}

function close(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) < 1e-12, `expected ${expected}, got ${actual}`);
}

describe('lr schedules', () => {
  it('constant is 1', () => assert.equal(schedule('constant', {}).factor(17, 100), 1));
  it('step: γ^⌊t/N⌋', () => {
    const s = schedule('step', { gamma: 0.5, every: 10 });
    assert.deepEqual([0, 9, 10, 25].map((t) => s.factor(t, 100)), [1, 1, 0.5, 0.25]);
  });
  it('cosine: 1 at the start, the mean of 1 and the floor halfway, the floor at the end', () => {
    const s = schedule('cosine', { floor: 0.1 });
    close(s.factor(0, 100), 1);
    close(s.factor(50, 100), 0.55);
    close(s.factor(25, 100), 0.1 + 0.9 * 0.5 * (1 + Math.SQRT1_2));
    close(s.factor(100, 100), 0.1);
  });
  it('warmup: (t + 1)/W, then constant or cosine over the rest', () => {
    const held = schedule('warmup', { steps: 4, then: 'constant', floor: 0 });
    assert.deepEqual([0, 1, 3, 4, 99].map((t) => held.factor(t, 100)), [0.25, 0.5, 1, 1, 1]);
    const annealed = schedule('warmup', { steps: 10, then: 'cosine', floor: 0 });
    close(annealed.factor(10, 110), 1);
    close(annealed.factor(60, 110), 0.5);
    close(annealed.factor(110, 110), 0);
  });
});
