// The accuracy-matrix figure: one cell per measured R[i][j] of each continual phase, nothing for runs without one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ContinualResult, LifespanEvent } from '@ontogeny/core';
import { lifespanTables } from '../lifespan-tables.js';
import { continualFigure } from './continual-figure.js';

function phase(name: string, kind: string, continual?: ContinualResult): LifespanEvent[] {
  return [
    { type: 'phase:start', phase: name, kind, task: 'plain', from: null, steps: 0 },
    {
      type: 'phase:end', phase: name, kind, task: 'plain', from: null, steps: 10, metrics: { accuracy: 0.9, loss: 1 }, density: {},
      diverged: false, extra: {}, ...(continual ? { continual } : {}),
    },
  ];
}

const result = (accuracy: Array<Array<number | null>>): ContinualResult => ({
  tasks: accuracy.map((_, i) => `permuted/${i}`), accuracy, averageAccuracy: 0, backwardTransfer: null, forgetting: null,
});

test('a cell per measured entry of each continual phase, its task named; unmeasured entries left blank', () => {
  const events = [
    ...phase('pretrain', 'pretrain'),
    ...phase('masks', 'continual-mask', result([[0.8], [0.8, 0.7]])),
    ...phase('long', 'continual-mask', result([[0.6], [null, 0.5], [0.55, 0.45, 0.4]])),
  ];
  const figure = continualFigure(lifespanTables(events))!;
  const { data } = figure.spec as { data: { values: unknown[] } };
  assert.deepEqual(data.values, [
    { phase: 'masks', after: 0, task: 0, name: 'permuted/0', accuracy: 0.8 },
    { phase: 'masks', after: 1, task: 0, name: 'permuted/0', accuracy: 0.8 },
    { phase: 'masks', after: 1, task: 1, name: 'permuted/1', accuracy: 0.7 },
    { phase: 'long', after: 0, task: 0, name: 'permuted/0', accuracy: 0.6 },
    { phase: 'long', after: 1, task: 1, name: 'permuted/1', accuracy: 0.5 },
    { phase: 'long', after: 2, task: 0, name: 'permuted/0', accuracy: 0.55 },
    { phase: 'long', after: 2, task: 1, name: 'permuted/1', accuracy: 0.45 },
    { phase: 'long', after: 2, task: 2, name: 'permuted/2', accuracy: 0.4 },
  ]);
  assert.equal(continualFigure(lifespanTables(phase('pretrain', 'pretrain'))), null);
});
