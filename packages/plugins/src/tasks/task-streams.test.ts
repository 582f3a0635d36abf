// The Fashion-MNIST task streams: permutations that are fixed and distinct, rotations that turn, class splits that relabel.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { errors, isError, PluginRegistry, Rng, type TaskContext, type TaskData } from '@ontogeny/core';
import { FASHION_MNIST_DEFAULT_DIR } from './fashion-mnist-files.js';
import { permutedFashionMnistTask } from './permuted-fashion-mnist-task.js';
import { rotatedFashionMnistTask, rotateImage } from './rotated-fashion-mnist-task.js';
import { splitFashionMnistTask } from './split-fashion-mnist-task.js';

const context: TaskContext = { dataDir: null, rng: (...parts) => Rng.derive(0, ...parts) };
const absent = existsSync(FASHION_MNIST_DEFAULT_DIR) ? false : `${FASHION_MNIST_DEFAULT_DIR} is absent (apt-get install dataset-fashion-mnist)`;
const limits = { classes: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], scale: 'unit' as const, trainLimit: 200, testLimit: 50 };
const row = (data: TaskData, split: 'train' | 'test', r: number) => data[split].inputs.subarray(r * 784, (r + 1) * 784);
const sorted = (pixels: Float32Array) => Array.from(pixels).sort((a, b) => a - b);

test('permuted: each member permutes every image\'s pixels by its own fixed permutation; labels stay', { skip: absent }, async () => {
  const stream = await permutedFashionMnistTask.create({ ...limits, tasks: 3, seed: 5 }, { seed: 0 }).load(context);
  const again = await permutedFashionMnistTask.create({ ...limits, tasks: 3, seed: 5 }, { seed: 99 }).load(context);
  const plain = await permutedFashionMnistTask.create({ ...limits, tasks: 1, seed: 5 }, { seed: 0 }).load(context);
  assert.equal(stream.sequence!.length, 3);
  const members = [0, 1, 2].map((i) => stream.sequence!.task(i));
  for (const member of members) {
    assert.equal(member.train.count, 200);
    assert.deepEqual(member.test.labels, members[0]!.test.labels);
    assert.deepEqual(sorted(row(member, 'train', 7)), sorted(row(members[0]!, 'train', 7)));
  }
  // The run's seed plays no part: the same option seed gives the same tasks
  assert.deepEqual(again.sequence!.task(2).train.inputs, members[2]!.train.inputs);
  assert.deepEqual(plain.train.inputs, members[0]!.train.inputs);
  assert.notDeepEqual(members[1]!.train.inputs, members[2]!.train.inputs);
  // One permutation for all images: where image 0's pixel p went, image 1's pixel p went too
  const differs = members.slice(1).every((member) => row(member, 'train', 0).some((x, p) => x !== row(members[0]!, 'train', 0)[p]));
  assert.ok(differs);
  assert.throws(() => stream.sequence!.task(3), /no member 3/);
});

test('rotated: member 0 is the images as they are; a quarter turn takes the pixel at (x, y) to (side−1−y, x)', { skip: absent }, async () => {
  const stream = await rotatedFashionMnistTask.create({ ...limits, tasks: 4 }, { seed: 0 }).load(context);
  const base = stream.sequence!.task(0);
  const quarter = stream.sequence!.task(1);
  assert.match(quarter.description, /turned by 90°/);
  const image = row(base, 'test', 3);
  const turned = row(quarter, 'test', 3);
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) assert.ok(Math.abs(turned[x * 28 + (27 - y)]! - image[y * 28 + x]!) < 1e-5, `(${x}, ${y})`);
  }
});

test('rotateImage fills what comes from outside with the background and interpolates between pixels', () => {
  const ones = new Float32Array(9).fill(1);
  const out = new Float32Array(9);
  rotateImage(ones, out, 3, Math.PI / 4, -1);
  // The centre stays; a corner of the turned square samples partly outside the image, an edge's middle does not
  assert.ok(Math.abs(out[4]! - 1) < 1e-6);
  assert.ok(out[0]! < 0.9 && out[0]! > -1);
  assert.ok(Math.abs(out[1]! - 1) < 1e-6);
  const image = Float32Array.from({ length: 9 }, (_, i) => i);
  rotateImage(image, out, 3, 0, -1);
  assert.deepEqual(out, image);
});

test('split: classes in pairs, relabelled 0–1, every example of a member from its two classes', { skip: absent }, async () => {
  const stream = await splitFashionMnistTask.create({ ...limits, classes: [9, 8, 7, 6, 5, 4], trainLimit: 1000, classesPerTask: 2 }, { seed: 0 }).load(context);
  assert.equal(stream.sequence!.length, 3);
  const all = await rotatedFashionMnistTask.create({ ...limits, classes: [9, 8, 7, 6, 5, 4], trainLimit: 1000, tasks: 1 }, { seed: 0 }).load(context);
  for (let i = 0; i < 3; i++) {
    const member = stream.sequence!.task(i);
    assert.equal(member.classes, 2);
    assert.match(member.description, new RegExp(`classes ${9 - 2 * i},${8 - 2 * i} relabelled`));
    const expected = Array.from(all.train.labels).filter((label) => label === 2 * i || label === 2 * i + 1).map((label) => label - 2 * i);
    assert.deepEqual(Array.from(member.train.labels), expected);
    assert.ok(expected.includes(0) && expected.includes(1));
  }
});

test('a stream takes no dev option: its members transform their splits, and a dev split of the plain images would be none of theirs', () => {
  const streams = [permutedFashionMnistTask, rotatedFashionMnistTask, splitFashionMnistTask];
  const registry = new PluginRegistry().register('@ontogeny/plugins', ...streams);
  for (const { name } of streams) {
    assert.throws(() => registry.defaulted('task', name, { dev: 100 }), (error: Error) => isError(error, errors.PLUGIN_INVALID) && /dev/.test(error.message));
  }
});
