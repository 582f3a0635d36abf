// The progress display: phase i/n, the phase's own step axis, steps/s and time left from the clock it is given; JSON lines with --json.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LifespanEvent } from '@ontogeny/core';
import { progressReporter } from './progress.js';

const start: LifespanEvent = { type: 'lifespan:start', name: 'demo', hash: 'abc', seed: 0, kernel: 'native', phases: ['pretrain', 'aging', 'quantized'] };
const step = (phase: string, at: number, steps: number): LifespanEvent => ({ type: 'step', phase, step: at, steps, loss: 0.5, lr: 0.1 });

function narrate(events: ReadonlyArray<readonly [number, LifespanEvent]>, tty = true): string {
  let time = 0;
  let text = '';
  const reporter = progressReporter({ tty, quiet: false, write: (chunk) => { text += chunk; }, now: () => time });
  for (const [at, event] of events) {
    time = at;
    reporter(event);
  }
  return text;
}

test('a step line shows the phase\'s place, its step of its steps, the rate over the clock and the time left', () => {
  const text = narrate([
    [0, start],
    [0, { type: 'phase:start', phase: 'aging', kind: 'prune', task: 't', from: null, steps: 200 }],
    [0, step('aging', 0, 200)],
    [2000, step('aging', 20, 200)],
  ]);
  assert.match(text, /▸ \[2\/3\] aging \(prune on t\)/);
  // 20 steps in 2 s: 10 steps/s, and 180 steps left take 18 s.
  assert.match(text, /\[2\/3\] [█░]+ 20\/200 · 10\.00 steps\/s · 0:18 left · loss 0\.5000$/);
});

test('the rate starts afresh in each phase', () => {
  const text = narrate([
    [0, start],
    [0, step('pretrain', 0, 100)],
    [1000, step('pretrain', 100, 100)],
    [5000, { type: 'phase:start', phase: 'aging', kind: 'prune', task: 't', from: null, steps: 50 }],
    [5000, step('aging', 0, 50)],
    [5500, step('aging', 25, 50)],
  ]);
  assert.match(text, /25\/50 · 50\.00 steps\/s · 0:01 left/);
});

test('without a terminal only milestones print, and a prune event names its step and its schedule\'s', () => {
  const text = narrate([
    [0, start], [0, step('pretrain', 5, 10)],
    [0, { type: 'prune', phase: 'aging', step: 50, scheduleStep: 100, target: 0.25, removed: 12, density: { fc1: 0.75 } }],
  ], false);
  assert.doesNotMatch(text, /steps\/s/);
  assert.match(text, /pruned to sparsity 0\.2500 at step 50 \(schedule step 100\) \(12 removed\)/);
});

test('--json writes every event as one JSON line and nothing else', () => {
  const events: LifespanEvent[] = [start, step('pretrain', 1, 10), { type: 'lifespan:end', name: 'demo', hash: 'abc' }];
  let text = '';
  const reporter = progressReporter({ tty: true, quiet: false, json: true, write: (chunk) => { text += chunk; } });
  events.forEach(reporter);
  assert.deepEqual(text.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown), events);
});
