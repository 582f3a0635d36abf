// The `csv` task: numeric feature columns and a label column from a CSV file, split by a seeded shuffle or a second file.
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { definePlugin, errors, Rng, type Split, type Task, type TaskContext, type TaskData } from '@ontogeny/core';
import { accuracy } from './accuracy-metric.js';
import { parseCsv } from './csv-parser.js';
import { readCsvTable, type CsvColumn, type CsvTable } from './csv-table.js';
import { labelClasses } from './label-classes.js';
import { standardizeFeatures } from './standardize-features.js';

/** The options of `csv`, after validation and defaults. */
export interface CsvTaskOptions {
  readonly file: string;
  readonly testFile?: string;
  readonly testFraction: number;
  readonly seed: number;
  readonly label: CsvColumn;
  readonly features?: readonly CsvColumn[];
  readonly header: boolean | 'auto';
  readonly delimiter: string;
  readonly scale: 'standard' | 'none';
}

/** An absolute path stays; a relative one resolves against the run's data folder, else the working directory. */
function locate(path: string, dataDir: string | null): string {
  return isAbsolute(path) ? path : resolve(dataDir ?? process.cwd(), path);
}

async function readTable(path: string, options: CsvTaskOptions): Promise<CsvTable> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') {
      throw errors.DATA_MISSING(path, 'check the csv task\'s `file`/`testFile` option (a relative path resolves against `--data DIR` when given, else the working directory)');
    }
    throw cause;
  }
  return readCsvTable(parseCsv(text, path, options.delimiter), path, options);
}

/** The rows `indices` of `table` (in the order given) as a split with class ids. */
function takeRows(table: CsvTable, indices: ArrayLike<number>, id: (label: string) => number): Split {
  const { width } = table;
  const inputs = new Float32Array(indices.length * width);
  const labels = new Int32Array(indices.length);
  for (let r = 0; r < indices.length; r++) {
    const row = indices[r]!;
    inputs.set(table.features.subarray(row * width, (row + 1) * width), r * width);
    labels[r] = id(table.labels[row]!);
  }
  return { inputs, labels, count: indices.length };
}

const everyRow = (count: number) => Int32Array.from({ length: count }, (_, i) => i);

/** The CSV task as configured; `load` reads the file(s) each time (CSV tasks are small). */
export class CsvTask implements Task {
  constructor(private readonly options: CsvTaskOptions) {}

  async load(context: TaskContext): Promise<TaskData> {
    const { options } = this;
    const file = locate(options.file, context.dataDir);
    const table = await readTable(file, options);
    const testTable = options.testFile === undefined ? null : await readTable(locate(options.testFile, context.dataDir), options);
    if (testTable !== null && testTable.width !== table.width) {
      throw errors.DATA_CORRUPT(testTable.file, `expected ${table.width} feature columns like ${file}, found ${testTable.width}`);
    }
    const classes = labelClasses([...table.labels, ...(testTable?.labels ?? [])], file);
    let train: Split;
    let test: Split;
    let how: string;
    if (testTable !== null) {
      train = takeRows(table, everyRow(table.count), classes.id);
      test = takeRows(testTable, everyRow(testTable.count), classes.id);
      how = `test set from ${testTable.file}`;
    } else {
      if (table.count < 2) throw errors.DATA_CORRUPT(file, `expected at least 2 records to split into train and test, found ${table.count}`);
      // The split comes from the task's own seed, not the run's, so every run of a spec sees the same test set.
      const order = Rng.derive(options.seed, 'csv', 'split').permutation(table.count);
      const testCount = Math.min(Math.max(Math.round(table.count * options.testFraction), 1), table.count - 1);
      // Each split keeps file order, so the data are the same whatever the shuffle's order within a split.
      test = takeRows(table, order.subarray(0, testCount).sort(), classes.id);
      train = takeRows(table, order.subarray(testCount).sort(), classes.id);
      how = `${Math.round(options.testFraction * 100)} % held out for test by a shuffle with seed ${options.seed}`;
    }
    if (options.scale === 'standard') standardizeFeatures(train.inputs, table.width, [train.inputs, test.inputs]);
    return {
      input: { kind: 'features', width: table.width },
      classes: classes.classes,
      labelsPerExample: 1,
      headKind: 'classify',
      train,
      test,
      metric: accuracy,
      files: [file, ...(testTable ? [testTable.file] : [])],
      description: `CSV ${file}: ${table.width} features, label column ${JSON.stringify(table.labelName)} with ` +
        `${classes.classes} classes, ${train.count} train / ${test.count} test (${how})` +
        (options.scale === 'standard' ? ', features standardised with the training means and stds' : ''),
    };
  }
}

const column = (role: string) => ({
  type: ['string', 'integer'],
  description: `The ${role} column: its header name, or its 0-based index (negative counts from the end, −1 is the last).`,
});

export const csvTask = definePlugin({
  kind: 'task',
  name: 'csv',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'RFC 4180 comma-separated values',
  description: 'A classification task from a CSV file of numeric feature columns and a label column.',
  options: {
    type: 'object',
    additionalProperties: false,
    properties: {
      file: {
        type: 'string', minLength: 1,
        description: 'The CSV file; a relative path resolves against the run\'s --data folder when given, else the working directory.',
      },
      testFile: {
        type: 'string', minLength: 1,
        description: 'A separate CSV file of test examples with the same columns (then `testFraction` is unused); resolved like `file`.',
      },
      testFraction: {
        type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.2,
        description: 'The fraction of the records held out for testing when there is no `testFile`.',
      },
      seed: {
        type: 'integer', default: 0,
        description: 'Seed of the shuffle that picks the test records (the task\'s own, not the run\'s, so the split stays fixed).',
      },
      label: { ...column('label'), default: -1 },
      features: {
        type: 'array', items: column('feature'), minItems: 1, uniqueItems: true,
        description: 'The feature columns, by header name or 0-based index; default: every column but the label.',
      },
      header: {
        enum: ['auto', true, false], default: 'auto',
        description: "Whether the first line is a header; 'auto': yes when a column is named in the options, or when a cell of the first line is not a number where the second line's is.",
      },
      delimiter: {
        type: 'string', minLength: 1, maxLength: 1, default: ',',
        description: 'The field separator (a single character, e.g. ";" or a tab).',
      },
      scale: {
        enum: ['standard', 'none'], default: 'standard',
        description: "'standard': centre each feature column and divide by its standard deviation, both from the training records; 'none': use the values as written.",
      },
    },
    required: ['file'],
  },
  create: (options: CsvTaskOptions) => new CsvTask(options),
});
