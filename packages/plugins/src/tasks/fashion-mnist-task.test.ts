// Tests of the `fashion-mnist` task against Debian's files, and of its errors on a missing or damaged folder.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errors, isError, Rng, type TaskContext } from '@ontogeny/core';
import { fashionMnistTask, type FashionMnistOptions } from './fashion-mnist-task.js';
import { FASHION_MNIST_DEFAULT_DIR } from './fashion-mnist-files.js';

const context = (dataDir: string | null = null): TaskContext => ({ dataDir, specDir: process.cwd(), rng: (...parts) => Rng.derive(0, ...parts) });
const task = (options: Partial<FashionMnistOptions>) =>
  fashionMnistTask.create({ classes: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], relabel: true, scale: 'unit', dev: 0, ...options }, { seed: 0 });
const folders: string[] = [];
const scratchFolder = () => { const folder = mkdtempSync(join(tmpdir(), 'ontogeny-fashion-')); folders.push(folder); return folder; };
after(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));
const absent = existsSync(FASHION_MNIST_DEFAULT_DIR)
  ? false
  : `${FASHION_MNIST_DEFAULT_DIR} is absent (apt-get install dataset-fashion-mnist)`;

test('the whole dataset loads with 60000/10000 images of 784 pixels in [0, 1]', { skip: absent }, async () => {
  const data = await task({}).load(context());
  assert.equal(data.train.count, 60000);
  assert.equal(data.test.count, 10000);
  assert.equal(data.classes, 10);
  assert.deepEqual(data.input, { kind: 'features', width: 784 });
  assert.equal(data.train.inputs.length, 60000 * 784);
  assert.ok(data.train.inputs.every((x) => x >= 0 && x <= 1));
});

test('classes 0–4 give 30000/5000 examples labelled 0–4; 5–9 are relabelled 0–4 in the given order', { skip: absent }, async () => {
  const first = await task({ classes: [0, 1, 2, 3, 4] }).load(context());
  assert.equal(first.train.count, 30000);
  assert.equal(first.test.count, 5000);
  assert.equal(first.classes, 5);
  const second = await task({ classes: [9, 8, 7, 6, 5] }).load(context());
  const counts = new Int32Array(5);
  second.test.labels.forEach((label) => counts[label]!++);
  assert.deepEqual(Array.from(counts), [1000, 1000, 1000, 1000, 1000]);
  const kept = await task({ classes: [9, 8], relabel: false, trainLimit: 100, testLimit: 10 }).load(context());
  assert.equal(kept.classes, 10);
  assert.equal(kept.train.count, 100);
  assert.equal(kept.test.count, 10);
  assert.ok(kept.train.labels.every((label) => label === 8 || label === 9));
});

test('few-shot: trainPerClass keeps that many of each class; a dev split comes from the training file\'s end, apart from train', { skip: absent }, async () => {
  const data = await task({ classes: [5, 6, 7], trainPerClass: 20, dev: 300 }).load(context());
  assert.equal(data.train.count, 60);
  const counts = new Int32Array(3);
  data.train.labels.forEach((label) => counts[label]!++);
  assert.deepEqual(Array.from(counts), [20, 20, 20]);
  const dev = data.evaluationSplits!.dev;
  assert.equal(dev.count, 300);
  assert.ok(dev.labels.every((label) => label >= 0 && label < 3));
  // No dev image is a training image: compare them pixel for pixel
  const image = (split: typeof dev, r: number) => split.inputs.subarray(r * 784, (r + 1) * 784).join();
  const training = new Set(Array.from({ length: data.train.count }, (_, r) => image(data.train, r)));
  assert.ok(Array.from({ length: dev.count }).every((_, r) => !training.has(image(dev, r))));
  // The whole training split less the dev images: 18000 − 300
  const all = await task({ classes: [5, 6, 7], dev: 300 }).load(context());
  assert.equal(all.train.count, 18000 - 300);
  assert.equal((await task({ classes: [5, 6, 7] }).load(context())).evaluationSplits, undefined);
});

test('standard scaling centres the training pixels', { skip: absent }, async () => {
  const data = await task({ scale: 'standard' }).load(context());
  let sum = 0;
  let squares = 0;
  for (const x of data.train.inputs) { sum += x; squares += x * x; }
  const n = data.train.inputs.length;
  assert.ok(Math.abs(sum / n) < 1e-3);
  assert.ok(Math.abs(squares / n - 1) < 1e-3);
});

test('a missing folder is ONT_DATA_MISSING with the install hint', async () => {
  await assert.rejects(task({}).load(context('/nonexistent/fashion')), (error: unknown) =>
    isError(error, errors.DATA_MISSING) && /\/nonexistent\/fashion/.test(error.message) &&
    /apt-get install dataset-fashion-mnist/.test(error.message) && /--data DIR/.test(error.message));
});

test('a folder missing one file names that file', async () => {
  const folder = scratchFolder();
  await assert.rejects(task({ dir: folder }).load(context()), (error: unknown) =>
    isError(error, errors.DATA_MISSING) && error.message.includes(join(folder, 'train-images-idx3-ubyte.gz')));
});

test('a truncated image file is ONT_DATA_CORRUPT naming it', { skip: absent }, async () => {
  const folder = scratchFolder();
  for (const name of ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-labels-idx1-ubyte.gz']) {
    copyFileSync(join(FASHION_MNIST_DEFAULT_DIR, name), join(folder, name));
  }
  writeFileSync(join(folder, 't10k-images-idx3-ubyte.gz'), Buffer.of(0x1f, 0x8b, 8, 0, 0, 0));
  await assert.rejects(task({}).load(context(folder)), (error: unknown) =>
    isError(error, errors.DATA_CORRUPT) && error.message.includes('t10k-images-idx3-ubyte.gz'));
});
