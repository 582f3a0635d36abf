// The head-lesion disorder: counts are totals, orders are as documented, and importance order needs importance.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReferenceKernel, Rng, softmaxCrossEntropy } from '@ontogeny/core';
import { tokenBatch } from './bert-embeddings.js';
import { BertModel } from './bert-model.js';
import { HeadLesion } from './head-lesion.js';

function model(): BertModel {
  const bert = new BertModel({ width: 8, layers: 2, heads: 2, ffnWidth: 8, norm: 'post', maxLength: 6, padToken: 0, sepToken: 2, embeddingStd: 0.3 },
    12, new ReferenceKernel(), (...parts) => Rng.derive(0, ...parts));
  bert.addHead('task', 2, 'classify', Rng.derive(0, 'head'));
  return bert;
}

const gates = (bert: BertModel): number[] => [0, 1].flatMap((l) => [0, 1].map((h) => (bert.headActive(l, h) ? 1 : 0)));
const target = (bert: BertModel) => ({ model: bert, layers: bert.maskedParameters() });

test('by index: count is the total removed, so repeating a lesion removes nothing more', () => {
  const bert = model();
  const report = new HeadLesion({ order: 'index', count: 3, how: 'mask' }).apply(target(bert), Rng.derive(0, 'x'));
  assert.deepEqual(gates(bert), [0, 0, 0, 1]);
  assert.equal(report.dose, 0.75);
  assert.equal(report.detail.heads, '0.0 0.1 1.0');
  assert.deepEqual(Object.keys(report.detail).filter((key) => key.startsWith('importance:')), [], 'no importance before any backward pass');
  assert.equal(new HeadLesion({ order: 'index', count: 3, how: 'mask' }).apply(target(bert), Rng.derive(0, 'x')).detail.heads, '');
});

test('explicit heads', () => {
  const bert = model();
  new HeadLesion({ order: 'index', heads: ['1.1', '0.1'], count: 2, how: 'gate' }).apply(target(bert), Rng.derive(0, 'x'));
  assert.deepEqual(gates(bert), [1, 0, 1, 0]);
  assert.throws(() => new HeadLesion({ order: 'index', heads: ['2.0'], count: 1, how: 'gate' }).apply(target(bert), Rng.derive(0, 'x')), /no head "2.0"/);
});

test('by importance: the least important head (per-layer normalised) goes first', () => {
  const bert = model();
  assert.throws(() => new HeadLesion({ order: 'importance', count: 1, how: 'mask' }).apply(target(bert), Rng.derive(0, 'x')), /no head importance/);
  const inputs = tokenBatch([[1, 5, 6, 2], [1, 7, 2, 0]], 4);
  bert.backward(softmaxCrossEntropy(bert.forward(inputs, 'task', { training: true }), Int32Array.of(0, 1)).dLogits);
  const importance = bert.headImportance();
  const all = [[0, 0], [0, 1], [1, 0], [1, 1]].sort((a, b) => importance[a[0]][a[1]] - importance[b[0]][b[1]]);
  const report = new HeadLesion({ order: 'importance', count: 1, how: 'mask' }).apply(target(bert), Rng.derive(0, 'x'));
  assert.equal(report.detail.heads, `${all[0][0]}.${all[0][1]}`);
  // The report carries every head's importance as it was when the heads were chosen
  for (const [l, h] of all) assert.equal(report.detail[`importance:${l}.${h}`], importance[l][h]);
  assert.equal(bert.blocks[all[0][0]].attention.output.weight.density(), 0.5); // one of two heads' columns gone
});

test('5 % steps (fraction 0.05 · k of 20 heads): each step removes exactly one more head, and the removed ones stay removed', () => {
  for (const order of ['index', 'random'] as const) {
    const bert = new BertModel({ width: 20, layers: 2, heads: 10, ffnWidth: 8, norm: 'post', maxLength: 6, padToken: 0, sepToken: 2, embeddingStd: 0.3 },
      12, new ReferenceKernel(), (...parts) => Rng.derive(0, ...parts));
    const removedSoFar = new Set<string>();
    for (let step = 1; step <= 19; step++) {
      const report = new HeadLesion({ order, fraction: Number((0.05 * step).toFixed(2)), how: 'mask' }).apply(target(bert), Rng.derive(0, 'lesion', step));
      const now = String(report.detail.heads).split(' ');
      assert.equal(now.length, 1, `${order}, step ${step}: one head per 5 % step, removed ${report.detail.heads}`);
      assert.ok(!removedSoFar.has(now[0]!), `${order}, step ${step}: ${now[0]} was already gone`);
      removedSoFar.add(now[0]!);
      assert.equal(report.detail.removed, step);
      assert.equal(report.dose, step / 20);
      const inactive = [0, 1].flatMap((l) => Array.from({ length: 10 }, (_, h) => (bert.headActive(l, h) ? [] : [`${l}.${h}`]))).flat();
      assert.deepEqual(new Set(inactive), removedSoFar);
    }
    if (order === 'index') assert.deepEqual([...removedSoFar], [...Array.from({ length: 10 }, (_, h) => `0.${h}`), ...Array.from({ length: 9 }, (_, h) => `1.${h}`)]);
  }
});
