// Tests of the `csv` task: header detection, label columns and classes, the seeded split, and errors naming file and line.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errors, isError, Rng, type TaskContext } from '@ontogeny/core';
import { csvTask, type CsvTaskOptions } from './csv-task.js';

const folder = mkdtempSync(join(tmpdir(), 'ontogeny-csv-'));
after(() => rmSync(folder, { recursive: true, force: true }));
const context: TaskContext = { dataDir: folder, specDir: tmpdir(), rng: (...parts) => Rng.derive(0, ...parts) };
const write = (name: string, text: string) => { writeFileSync(join(folder, name), text); return name; };
const load = (options: Partial<CsvTaskOptions> & { file: string }) => csvTask.create({
  testFraction: 0.2, seed: 0, skip: 0, label: -1, header: 'auto', delimiter: ',', relabel: true, scale: 'none', scaleOver: 'task', ...options,
}, { seed: 0 }).load(context);

const irisLike = [
  'sepal length,sepal width,"species, latin"',
  ...Array.from({ length: 20 }, (_, i) => `${i},${(i * 7) % 5}.5,${['"virginica"', 'setosa', '"versi, color"'][i % 3]}`),
].join('\n');

test('a header is detected, quoted labels with commas parse, string labels number in sorted order', async () => {
  const data = await load({ file: write('iris.csv', irisLike) });
  assert.equal(data.input.kind === 'features' && data.input.width, 2);
  assert.equal(data.classes, 3);
  assert.equal(data.train.count + data.test.count, 20);
  assert.equal(data.test.count, 4);
  assert.match(data.description, /label column "species, latin"/);
  // Sorted: 'setosa' 0, 'versi, color' 1, 'virginica' 2; row i has feature 0 = i and class [2, 0, 1][i % 3].
  for (const split of [data.train, data.test]) {
    for (let r = 0; r < split.count; r++) assert.equal(split.labels[r], [2, 0, 1][split.inputs[r * 2]! % 3]);
  }
});

test('without a header every line is data; integer labels are their own class ids', async () => {
  const data = await load({ file: write('plain.csv', '1,2,0\n3,4,2\n5,6,2\n7,8,0\n9,10,2\n'), testFraction: 0.4 });
  assert.equal(data.train.count + data.test.count, 5);
  assert.equal(data.classes, 3);
  assert.equal(data.test.count, 2);
  const labelOf = new Map([[1, 0], [3, 2], [5, 2], [7, 0], [9, 2]]);
  for (const split of [data.train, data.test]) {
    for (let r = 0; r < split.count; r++) assert.equal(split.labels[r], labelOf.get(split.inputs[r * 2]!));
  }
});

test('the split is fixed by the seed option and changes with it', async () => {
  const file = write('iris2.csv', irisLike);
  const a = await load({ file, seed: 3 });
  const b = await load({ file, seed: 3 });
  const c = await load({ file, seed: 4 });
  assert.deepEqual(a.test.inputs, b.test.inputs);
  assert.notDeepEqual(a.test.inputs, c.test.inputs);
});

test('label and features by name, header forced, standardised with training statistics', async () => {
  const file = write('named.csv', 'id,y,a,b\n1,no,1,10\n2,yes,2,20\n3,no,3,30\n4,yes,4,40\n');
  const data = await load({ file, label: 'y', features: ['b', 2], testFile: file, scale: 'standard' });
  assert.equal(data.classes, 2);
  assert.deepEqual(Array.from(data.train.labels), [0, 1, 0, 1]);
  const column = Array.from({ length: 4 }, (_, r) => data.train.inputs[r * 2]!);
  assert.ok(Math.abs(column.reduce((s, x) => s + x, 0)) < 1e-6);
  assert.ok(Math.abs(column.reduce((s, x) => s + x * x, 0) / 4 - 1) < 1e-5);
});

test('a non-numeric feature cell is ONT_DATA_CORRUPT naming the file, the line and the column', async () => {
  const file = write('broken.csv', 'a,b,label\n1,2,x\n\n3,"four",y\n5,6,x\n');
  await assert.rejects(load({ file }), (error: unknown) => {
    assert.ok(isError(error, errors.DATA_CORRUPT));
    assert.match(error.message, /broken\.csv: line 4, column 2 \("b"\): expected a number, found "four"/);
    return true;
  });
});

test('a record of the wrong length and an unknown column are named', async () => {
  await assert.rejects(load({ file: write('short.csv', '1,2,0\n3,0\n') }), (error: unknown) =>
    isError(error, errors.DATA_CORRUPT) && /line 2: expected 3 fields .* found 2/.test(error.message));
  await assert.rejects(load({ file: write('nolabel.csv', 'a,b\n1,2\n3,4\n'), label: 'c' }), (error: unknown) =>
    isError(error, errors.DATA_CORRUPT) && /label column named "c", but the header has "a", "b"/.test(error.message));
});

test('a missing file is ONT_DATA_MISSING with its resolved path', async () => {
  await assert.rejects(load({ file: 'absent.csv' }), (error: unknown) =>
    isError(error, errors.DATA_MISSING) && error.message.includes(join(folder, 'absent.csv')));
});
