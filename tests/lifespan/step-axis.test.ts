// One step axis per phase: every event and metrics.csv row of a phase lies on one monotone axis that ends at the phase's final step.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { prepareLifespan, referenceBackend, runInStore, type LifespanEvent } from '@ontogeny/core';
import { loadRegistry } from '@ontogeny/cli';

const registry = await loadRegistry();
const store = mkdtempSync(join(tmpdir(), 'ontogeny-step-axis-'));

const sgd = { use: 'sgd', with: { lr: 0.1 } };
const teacher = { use: 'teacher', with: { train: 256, test: 64 } };

/** Runs `phases` after a short pre-training into the store; returns its events and its metrics.csv rows. */
async function run(name: string, phases: object[]): Promise<{ events: LifespanEvent[]; rows: Array<{ phase: string; step: number; metric: string }> }> {
  const prepared = await prepareLifespan({
    spec: {
      name, logEvery: 2,
      model: { use: 'mlp', with: { hidden: [16] } },
      tasks: { a: teacher, b: { ...teacher, with: { ...teacher.with, seed: 7 } } },
      phases: [{ name: 'pretrain', kind: 'pretrain', task: 'a', steps: 12, batch: 32, optimizer: sgd }, ...phases],
    },
    file: `${name}.json`, registry, backends: [referenceBackend],
  });
  const { runDir } = await runInStore(store, prepared);
  const events = readFileSync(join(runDir, 'events.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as LifespanEvent);
  const rows = readFileSync(join(runDir, 'metrics.csv'), 'utf8').trim().split('\n').slice(1).map((line) => {
    const [phase, step, metric] = line.split(',');
    return { phase: phase!, step: Number(step), metric: metric! };
  });
  return { events, rows };
}

/** The steps of `phase`'s events, in stream order (every event type that has one). */
function stepsOf(events: readonly LifespanEvent[], phase: string, type?: LifespanEvent['type']): number[] {
  return events.filter((event) => 'phase' in event && event.phase === phase && 'step' in event && (type === undefined || event.type === type))
    .map((event) => (event as { step: number }).step);
}

function assertMonotone(steps: readonly number[], what: string): void {
  steps.forEach((step, i) => assert.ok(i === 0 || step >= steps[i - 1]!, `${what}: step ${step} after ${steps[i - 1]} (${steps.join(' ')})`));
}

function phaseEnd(events: readonly LifespanEvent[], phase: string): Extract<LifespanEvent, { type: 'phase:end' }> {
  return events.find((event): event is Extract<LifespanEvent, { type: 'phase:end' }> => event.type === 'phase:end' && event.phase === phase)!;
}

test('a prune phase: its pruning events, re-tuning steps, evaluations and metrics.csv rows share the re-tuning step axis', async () => {
  // The schedule prunes at 0, 10, 20 and 30 of its 30 steps; 5 re-tuning steps follow each event: 20 steps in all
  const { events, rows } = await run('step-axis-prune', [{
    name: 'aging', kind: 'prune', steps: 30, batch: 32, evaluateEvents: true,
    schedule: { use: 'cubic', with: { to: 0.7, every: 10 } }, criterion: { use: 'magnitude' },
    retune: { steps: 5, learner: { use: 'threshold' }, optimizer: { use: 'adam', with: { lr: 0.01 } } },
    during: { every: 4, disorders: [{ use: 'noise', with: { sigma: 0.001 } }] },
  }]);
  const prunes = events.filter((event): event is Extract<LifespanEvent, { type: 'prune' }> => event.type === 'prune');
  assert.deepEqual(prunes.map((event) => event.step), [0, 5, 10, 15], 'each event at the re-tuning steps taken before it');
  assert.deepEqual(prunes.map((event) => event.scheduleStep), [0, 10, 20, 30], "the schedule's own clock kept beside");
  assert.deepEqual(stepsOf(events, 'aging', 'evaluate'), [5, 10, 15, 20, 20], 'after each re-tuning, then the phase end');
  // Every second step of the phase's axis (logEvery 2), and the last of each re-tuning
  assert.deepEqual(stepsOf(events, 'aging', 'step'), [2, 4, 5, 6, 8, 10, 12, 14, 15, 16, 18, 20]);
  assert.deepEqual(stepsOf(events, 'aging', 'perturb'), [4, 8, 12, 16, 20]);
  assert.equal(phaseEnd(events, 'aging').steps, 20);
  assertMonotone(stepsOf(events, 'aging'), 'the events of aging');
  const csv = rows.filter((row) => row.phase === 'aging');
  assertMonotone(csv.map((row) => row.step), 'the metrics.csv rows of aging');
  assert.equal(csv.at(-1)!.step, 20, 'metrics.csv ends the phase at its final step');
  assert.deepEqual([...new Set(csv.filter((row) => row.metric === 'target-sparsity').map((row) => row.step))], [0, 5, 10, 15]);
});

test('a continual phase: the tasks follow one another on the phase\'s axis, which ends at the steps of all of them', async () => {
  const { events, rows } = await run('step-axis-continual', [{
    name: 'continual', kind: 'continual-packnet', tasks: ['a', 'b'], steps: 6, retrainSteps: 4, batch: 32, optimizer: sgd,
  }]);
  // Task a: 6 steps and 4 of re-training; task b (the last) keeps what is left: 6 steps
  assert.deepEqual(stepsOf(events, 'continual', 'step'), [2, 4, 6, 8, 10, 12, 14, 16]);
  assert.deepEqual(stepsOf(events, 'continual', 'evaluate'), [10, 16, 16, 16]);
  assert.equal(phaseEnd(events, 'continual').steps, 16);
  assertMonotone(rows.filter((row) => row.phase === 'continual').map((row) => row.step), 'the metrics.csv rows of continual');
});

test('an evaluation-only phase: its axis counts the points it evaluates, and its final evaluation comes after the last', async () => {
  const { events } = await run('step-axis-interpolate', [
    { name: 'dense', kind: 'finetune-dense', task: 'a', steps: 4, batch: 32, optimizer: sgd },
    { name: 'path', kind: 'interpolate', task: 'a', between: ['pretrain', 'dense'], points: 3 },
  ]);
  assert.deepEqual(stepsOf(events, 'path', 'evaluate'), [0, 1, 2, 2]);
});
