// The `csv` task on scikit-learn's own data files, unedited: their first line, gzip, class subsets and shared scaling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errors, isError, Rng, type TaskContext, type TaskData } from '@ontogeny/core';
import { csvTask, type CsvTaskOptions } from './csv-task.js';

const sklearn = new URL('../../../../experiments/data/sklearn/', import.meta.url).pathname;
const context: TaskContext = { dataDir: null, specDir: sklearn, rng: (...parts) => Rng.derive(0, ...parts) };
const load = (options: Partial<CsvTaskOptions> & { file: string }) => csvTask.create({
  testFraction: 0.2, seed: 0, skip: 0, label: -1, header: 'auto', delimiter: ',', relabel: true,
  scale: 'standard', scaleOver: 'task', ...options,
}, { seed: 0 }).load(context);

const labelsOf = (data: TaskData) => [...data.train.labels, ...data.test.labels];
const columnMean = (inputs: Float32Array, width: number, column: number) => {
  let sum = 0;
  for (let r = 0; r < inputs.length / width; r++) sum += inputs[r * width + column]!;
  return sum / (inputs.length / width);
};

test('scikit-learn\'s "rows,columns,class names" first line is refused with the options that read it', async () => {
  await assert.rejects(load({ file: 'iris.csv' }), (error: unknown) => {
    assert.ok(isError(error, errors.DATA_CORRUPT));
    assert.match(error.message, /iris\.csv: line 1 looks like scikit-learn's .*150 rows of 4 features.*"skip": 1, "classNames": \["setosa","versicolor","virginica"\]/);
    return true;
  });
  await assert.rejects(load({ file: 'wine_data.csv' }), (error: unknown) => isError(error, errors.DATA_CORRUPT) && /"skip": 1/.test(error.message));
});

test('with skip 1, iris, wine and breast cancer read every record with their classes named in the description', async () => {
  const cases: Array<[string, string[], number, number]> = [
    ['iris.csv', ['setosa', 'versicolor', 'virginica'], 150, 4],
    ['wine_data.csv', ['class_0', 'class_1', 'class_2'], 178, 13],
    ['breast_cancer.csv', ['malignant', 'benign'], 569, 30],
  ];
  for (const [file, classNames, rows, width] of cases) {
    const data = await load({ file, skip: 1, classNames });
    assert.equal(data.train.count + data.test.count, rows, file);
    assert.deepEqual(data.input, { kind: 'features', width }, file);
    assert.equal(data.classes, classNames.length, file);
    assert.match(data.description, new RegExp(`classes ${classNames.map((name, id) => `${id} = ${name}`).join(', ')}`), file);
  }
});

test('digits reads from its gzip file, without a header line', async () => {
  const data = await load({ file: 'digits.csv.gz' });
  assert.equal(data.train.count + data.test.count, 1797);
  assert.deepEqual(data.input, { kind: 'features', width: 64 });
  assert.equal(data.classes, 10);
});

test('classes keeps a subset, relabelled 0…k−1 in the order given, by label or by name; relabel false keeps the ids', async () => {
  const all = await load({ file: 'digits.csv.gz' });
  const upper = await load({ file: 'digits.csv.gz', classes: [9, 5, 7] });
  assert.equal(upper.classes, 3);
  const countOf = (data: TaskData, label: number) => labelsOf(data).filter((l) => l === label).length;
  assert.deepEqual([0, 1, 2].map((id) => countOf(upper, id)), [9, 5, 7].map((digit) => countOf(all, digit)));
  assert.match(upper.description, /classes 0 = 9, 1 = 5, 2 = 7/);
  const named = await load({ file: 'wine_data.csv', skip: 1, classNames: ['class_0', 'class_1', 'class_2'], classes: ['class_2', 'class_0'] });
  assert.deepEqual(new Set(labelsOf(named)), new Set([0, 1]));
  assert.match(named.description, /classes 0 = class_2, 1 = class_0/);
  const kept = await load({ file: 'digits.csv.gz', classes: [5, 6], relabel: false });
  assert.equal(kept.classes, 10);
  assert.deepEqual(new Set(labelsOf(kept)), new Set([5, 6]));
  await assert.rejects(load({ file: 'digits.csv.gz', classes: [3, 12] }), (error: unknown) =>
    isError(error, errors.DATA_CORRUPT) && /found 12 — the labels are 0, 1/.test(error.message));
});

test('tasks on one file split its records once: a class split leaves no record in both train and test', async () => {
  const low = await load({ file: 'digits.csv.gz', classes: [0, 1, 2, 3, 4], scale: 'none' });
  const high = await load({ file: 'digits.csv.gz', classes: [5, 6, 7, 8, 9], scale: 'none' });
  const all = await load({ file: 'digits.csv.gz', scale: 'none' });
  assert.equal(low.test.count + high.test.count, all.test.count);
  assert.equal(low.train.count + high.train.count, all.train.count);
});

test('scaleOver "file" gives every task on a file one transform: the whole training split is centred, not each task', async () => {
  const width = 64;
  const own = await load({ file: 'digits.csv.gz', classes: [0, 1, 2, 3, 4] });
  assert.ok(Math.abs(columnMean(own.train.inputs, width, 20)) < 1e-4, 'a task scaled by its own records is centred');
  const raw = { low: await load({ file: 'digits.csv.gz', classes: [0, 1, 2, 3, 4], scale: 'none' }), high: await load({ file: 'digits.csv.gz', classes: [5, 6, 7, 8, 9], scale: 'none' }) };
  const shared = { low: await load({ file: 'digits.csv.gz', classes: [0, 1, 2, 3, 4], scaleOver: 'file' }), high: await load({ file: 'digits.csv.gz', classes: [5, 6, 7, 8, 9], scaleOver: 'file' }) };
  // One affine map per column: the raw value 0 goes to the same scaled value in both tasks.
  for (const column of [3, 20, 42]) {
    const scaledZero = (task: 'low' | 'high') => {
      const r = Array.from({ length: raw[task].train.count }, (_, i) => i).find((i) => raw[task].train.inputs[i * width + column] === 0)!;
      return shared[task].train.inputs[r * width + column]!;
    };
    assert.ok(Math.abs(scaledZero('low') - scaledZero('high')) < 1e-6, `column ${column}`);
  }
  const count = own.train.count + shared.high.train.count;
  const pooled = (columnMean(shared.low.train.inputs, width, 20) * own.train.count + columnMean(shared.high.train.inputs, width, 20) * shared.high.train.count) / count;
  assert.ok(Math.abs(pooled) < 1e-4, 'the union of the tasks\' training records is centred');
});

test('scaleOver { files } takes the statistics of other files together, which must have as many features', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'ontogeny-csv-scale-'));
  writeFileSync(join(folder, 'a.csv'), '0,0\n2,0\n4,1\n6,1\n8,0\n');
  writeFileSync(join(folder, 'b.csv'), '100,0\n102,1\n104,0\n106,1\n108,1\n');
  writeFileSync(join(folder, 'wide.csv'), '1,2,0\n3,4,1\n5,6,0\n');
  const over = (files: string[]) => load({ file: join(folder, 'a.csv'), testFraction: 0.4, scaleOver: { files: files.map((f) => join(folder, f)) } });
  const alone = await over(['a.csv']);
  const together = await over(['a.csv', 'b.csv']);
  assert.ok(Math.abs(columnMean(alone.train.inputs, 1, 0)) < 1e-6);
  assert.ok(columnMean(together.train.inputs, 1, 0) < -0.5, 'b.csv\'s larger values pull the mean up, so a.csv sits below it');
  await assert.rejects(over(['wide.csv']), (error: unknown) => isError(error, errors.DATA_CORRUPT) && /wide\.csv: expected 1 feature columns/.test(error.message));
});

test('a relative path resolves against the spec\'s folder when there is no --data', async () => {
  const data = await load({ file: 'iris.csv', skip: 1 });
  assert.match(data.description, new RegExp(`CSV ${join(sklearn, 'iris.csv')}`));
});
