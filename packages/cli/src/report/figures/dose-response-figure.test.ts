// The dose-response figure of one run: a point per dosed phase, the undosed phases of the same kind and task as controls.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LifespanEvent } from '@ontogeny/core';
import { lifespanTables } from '../lifespan-tables.js';
import { doseResponseFigures } from './dose-response-figure.js';

function phase(name: string, kind: string, accuracy: number, dose?: number): LifespanEvent[] {
  return [
    { type: 'phase:start', phase: name, kind, task: kind === 'pretrain' ? 'source' : 'target', from: kind === 'pretrain' ? null : 'pretrain', steps: 0 },
    ...(dose === undefined ? [] : [{ type: 'perturb', phase: name, step: 0, disorder: 'quantize', when: 'before', dose, detail: {} } as const]),
    { type: 'phase:end', phase: name, kind, task: kind === 'pretrain' ? 'source' : 'target', from: null, steps: 10, metrics: { accuracy, loss: 1 }, density: {}, diverged: false, extra: {} },
  ];
}

test('one point per dosed phase at its dose, and the undosed phase of the same kind and task as the control', () => {
  const events = [...phase('pretrain', 'pretrain', 0.9), ...phase('mask-fp32', 'finetune-mask', 0.8), ...phase('mask-4bit', 'finetune-mask', 0.79, 4), ...phase('mask-1bit', 'finetune-mask', 0.5, 1)];
  const [figure, ...others] = doseResponseFigures(events, lifespanTables(events));
  assert.equal(others.length, 0);
  const { datasets } = figure.spec as { datasets: Record<string, unknown[]> };
  assert.deepEqual(datasets.points, [
    { disorder: 'quantize', phase: 'mask-4bit', dose: 4, value: 0.79 },
    { disorder: 'quantize', phase: 'mask-1bit', dose: 1, value: 0.5 },
  ]);
  assert.deepEqual(datasets.controls, [{ phase: 'mask-fp32', value: 0.8 }], 'pre-training is another kind and task: no control');
});

test('no figure for a disorder given at one dose, or one drawn by another figure', () => {
  const events = [...phase('pretrain', 'pretrain', 0.9), ...phase('a', 'finetune-mask', 0.8, 4), ...phase('b', 'finetune-mask', 0.7, 4)];
  assert.deepEqual(doseResponseFigures(events, lifespanTables(events)), []);
  const two = [...phase('pretrain', 'pretrain', 0.9), ...phase('a', 'finetune-mask', 0.8, 4), ...phase('b', 'finetune-mask', 0.7, 2)];
  assert.equal(doseResponseFigures(two, lifespanTables(two)).length, 1);
  assert.deepEqual(doseResponseFigures(two, lifespanTables(two), ['quantize']), []);
});
