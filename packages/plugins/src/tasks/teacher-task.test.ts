// Tests of the `teacher` family: fixed by its own seed, different across tasks, learnable above chance but not trivially.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PluginRegistry, Rng, type Split, type TaskData } from '@ontogeny/core';
import { teacherTask, type TeacherTaskOptions } from './teacher-task.js';
import { Teacher } from './teacher-data.js';
import { taskPlugins } from './index.js';

const defaults: TeacherTaskOptions = {
  seed: 0, task: 0, features: 32, hidden: 16, classes: 4, train: 4000, test: 1000, dev: 0, noise: 0.1, threshold: 1,
};
const load = (options: Partial<TeacherTaskOptions> = {}, runSeed = 0): Promise<TaskData> =>
  teacherTask.create({ ...defaults, ...options }, { seed: runSeed })
    .load({ dataDir: null, specDir: process.cwd(), rng: (...parts) => Rng.derive(runSeed, ...parts) });

/** Softmax regression on the raw inputs by full-batch gradient descent: what a model without hidden units reaches. */
function linearAccuracy(train: Split, test: Split, width: number, classes: number): number {
  const weights = new Float64Array(classes * (width + 1));
  const gradient = new Float64Array(weights.length);
  const scores = new Float64Array(classes);
  const logits = (inputs: Float32Array, n: number) => {
    for (let k = 0; k < classes; k++) {
      let s = weights[k * (width + 1) + width]!;
      for (let d = 0; d < width; d++) s += weights[k * (width + 1) + d]! * inputs[n * width + d]!;
      scores[k] = s;
    }
  };
  for (let iteration = 0; iteration < 150; iteration++) {
    gradient.fill(0);
    for (let n = 0; n < train.count; n++) {
      logits(train.inputs, n);
      const top = Math.max(...scores);
      let total = 0;
      for (let k = 0; k < classes; k++) total += (scores[k] = Math.exp(scores[k]! - top));
      for (let k = 0; k < classes; k++) {
        const g = scores[k]! / total - (train.labels[n] === k ? 1 : 0);
        for (let d = 0; d < width; d++) gradient[k * (width + 1) + d]! += g * train.inputs[n * width + d]!;
        gradient[k * (width + 1) + width]! += g;
      }
    }
    for (let i = 0; i < weights.length; i++) weights[i]! -= (1 / train.count) * gradient[i]!;
  }
  let correct = 0;
  for (let n = 0; n < test.count; n++) {
    logits(test.inputs, n);
    if (scores.indexOf(Math.max(...scores)) === test.labels[n]) correct++;
  }
  return correct / test.count;
}

test('the data are fixed by the family seed, not the run seed', async () => {
  const a = await load({}, 1);
  const b = await load({}, 2);
  assert.deepEqual(a.train.inputs, b.train.inputs);
  assert.deepEqual(a.test.labels, b.test.labels);
  const other = await load({ seed: 1 });
  assert.notDeepEqual(a.train.labels, other.train.labels);
});

test('a dev split is drawn apart from train and test, only when asked for', async () => {
  assert.equal((await load()).evaluationSplits, undefined);
  const data = await load({ dev: 300 });
  const dev = data.evaluationSplits!.dev;
  assert.equal(dev.count, 300);
  const rows = (split: Split) => new Set(Array.from({ length: split.count }, (_, n) => split.inputs.subarray(n * 32, (n + 1) * 32).join()));
  const devRows = rows(dev);
  for (const other of [data.train, data.test]) assert.ok(![...rows(other)].some((row) => devRows.has(row)));
  assert.deepEqual(data.test.inputs, (await load()).test.inputs, 'asking for dev leaves test as it was');
});

test('tasks 0 and 1 read the shared features out differently: the same inputs get different labels', () => {
  const sample = new Teacher({ ...defaults, task: 1 }).sample('test', 1000);
  const asTaskZero = new Teacher({ ...defaults, task: 0 }).classify(sample.inputs);
  let agree = 0;
  for (let n = 0; n < sample.count; n++) if (asTaskZero[n] === sample.cleanLabels[n]) agree++;
  assert.ok(agree / sample.count < 0.6, `tasks 0 and 1 agree on ${agree} of 1000 inputs`);
});

test('the default task is balanced enough, clearly above chance for a linear model, and capped below 100 %', async () => {
  const data = await load();
  const counts = new Int32Array(4);
  data.train.labels.forEach((label) => counts[label]!++);
  assert.ok(Math.min(...counts) > 0.1 * data.train.count, `class counts ${Array.from(counts)}`);
  const linear = linearAccuracy(data.train, data.test, 32, 4);
  const ceiling = new Teacher(defaults).sample('test', 1000);
  let clean = 0;
  for (let n = 0; n < ceiling.count; n++) if (ceiling.labels[n] === ceiling.cleanLabels[n]) clean++;
  console.log(`# teacher task 0: linear model ${linear.toFixed(3)}, noise ceiling ${(clean / ceiling.count).toFixed(3)}, chance 0.25`);
  assert.ok(linear > 0.35, `linear accuracy ${linear}`);
  assert.ok(clean / ceiling.count < 0.97 && clean / ceiling.count > linear + 0.15);
});

test('every task plugin passes the registry checks', () => {
  const registry = new PluginRegistry().register('@ontogeny/plugins', ...taskPlugins);
  assert.deepEqual(registry.names('task'), ['csv', 'fashion-mnist', 'permuted-fashion-mnist', 'rotated-fashion-mnist', 'split-fashion-mnist', 'teacher']);
});
