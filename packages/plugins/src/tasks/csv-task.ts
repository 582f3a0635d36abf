// The `csv` task: numeric feature columns and a label column from a CSV file, split by a seeded shuffle or a second file.
import { isAbsolute, resolve } from 'node:path';
import { definePlugin, errors, Rng, type OptionsOf, type Split, type Task, type TaskContext, type TaskData } from '@ontogeny/core';
import { accuracy } from './accuracy-metric.js';
import { selectClasses, type ClassSelection } from './csv-classes.js';
import { readCsvRecords } from './csv-file.js';
import { readCsvTable, type CsvTable } from './csv-table.js';
import { labelClasses, type LabelClasses } from './label-classes.js';
import { standardizeFeatures } from './standardize-features.js';

/** The options of `csv`, after validation and defaults. */
export type CsvTaskOptions = OptionsOf<typeof csvOptions>;

/** Where the standardisation statistics come from: the task's own training records, its file's, or several files'. */
export type CsvScaleOver = CsvTaskOptions['scaleOver'];

/** A file's records in a train and a test part (row indices in file order), before any class is set aside. */
interface SplitFile {
  readonly table: CsvTable;
  readonly testTable: CsvTable;
  readonly trainRows: Int32Array;
  readonly testRows: Int32Array;
  readonly how: string;
}

const everyRow = (count: number) => Int32Array.from({ length: count }, (_, i) => i);

/** The CSV task as configured; `load` reads the file(s) each time (CSV tasks are small). */
export class CsvTask implements Task {
  constructor(private readonly options: CsvTaskOptions) {}

  async load(context: TaskContext): Promise<TaskData> {
    const { options } = this;
    // A relative path resolves against --data when given, else against the spec's folder.
    const locate = (path: string) => (isAbsolute(path) ? path : resolve(context.dataDir ?? context.specDir, path));
    const file = locate(options.file);
    const data = await this.split(file, options.testFile === undefined ? undefined : locate(options.testFile));
    const fileClasses = labelClasses([...data.table.labels, ...(data.testTable === data.table ? [] : data.testTable.labels)], file);
    const selection = selectClasses(fileClasses, options.classes, options.relabel, options.classNames, file);
    const train = takeRows(data.table, data.trainRows, fileClasses, selection);
    const test = takeRows(data.testTable, data.testRows, fileClasses, selection);
    const width = data.table.width;
    let scaling = '';
    const files = [file, ...(data.testTable === data.table ? [] : [data.testTable.file])];
    if (options.scale === 'standard') {
      const over = await this.scaleStatistics(options.scaleOver, data, train.inputs, locate);
      standardizeFeatures(over.rows, width, [train.inputs, test.inputs]);
      scaling = `, features standardised with the means and stds of ${over.what}`;
      files.push(...over.files.filter((path) => !files.includes(path)));
    }
    const kept = options.classes === undefined ? '' : `, classes ${options.classes.join(', ')} of ${fileClasses.classes} kept`;
    return {
      input: { kind: 'features', width },
      classes: selection.classes,
      labelsPerExample: 1,
      headKind: 'classify',
      train,
      test,
      metric: accuracy,
      files,
      description: `CSV ${file}: ${width} features, label column ${JSON.stringify(data.table.labelName)}${kept}; ` +
        `classes ${selection.names.map((name, id) => `${id} = ${name}`).join(', ')}; ` +
        `${train.count} train / ${test.count} test (${data.how})${scaling}`,
    };
  }

  private async readTable(path: string): Promise<CsvTable> {
    const { options } = this;
    return readCsvTable(await readCsvRecords(path, options.delimiter, options.skip), path, options);
  }

  /** The file's records in train and test parts: the test file's, or a seeded shuffle's. */
  private async split(file: string, testFile: string | undefined): Promise<SplitFile> {
    const { options } = this;
    const table = await this.readTable(file);
    if (testFile !== undefined) {
      const testTable = await this.readTable(testFile);
      if (testTable.width !== table.width) {
        throw errors.DATA_CORRUPT(testTable.file, `expected ${table.width} feature columns like ${file}, found ${testTable.width}`);
      }
      return { table, testTable, trainRows: everyRow(table.count), testRows: everyRow(testTable.count), how: `test set from ${testTable.file}` };
    }
    if (table.count < 2) throw errors.DATA_CORRUPT(file, `expected at least 2 records to split into train and test, found ${table.count}`);
    // The split comes from the task's own seed, not the run's, so every run of a spec sees the same test set;
    // it is drawn over every record before classes are set aside, so tasks on one file never share a record.
    const order = Rng.derive(options.seed, 'csv', 'split').permutation(table.count);
    const testCount = Math.min(Math.max(Math.round(table.count * options.testFraction), 1), table.count - 1);
    // Each part keeps file order, so the data are the same whatever the shuffle's order within a part.
    return {
      table, testTable: table,
      testRows: order.slice(0, testCount).sort(), trainRows: order.slice(testCount).sort(),
      how: `${Math.round(options.testFraction * 100)} % held out for test by a shuffle with seed ${options.seed}`,
    };
  }

  /** The rows whose column means and stds standardise this task, what they are for the description, and the files read for them. */
  private async scaleStatistics(over: CsvScaleOver, data: SplitFile, ownTrain: Float32Array,
    locate: (path: string) => string): Promise<{ rows: Float32Array; what: string; files: readonly string[] }> {
    if (over === 'task') return { rows: ownTrain, what: 'the task\'s training records', files: [] };
    if (over === 'file') return { rows: featureRows(data.table, data.trainRows), what: `every training record of ${data.table.file}`, files: [] };
    const files = over.files.map(locate);
    const parts: Float32Array[] = [];
    for (const path of files) {
      const part = await this.split(path, undefined);
      if (part.table.width !== data.table.width) {
        throw errors.DATA_CORRUPT(path, `expected ${data.table.width} feature columns like ${data.table.file} to share its scaling, found ${part.table.width}`);
      }
      parts.push(featureRows(part.table, part.trainRows));
    }
    const rows = new Float32Array(parts.reduce((sum, part) => sum + part.length, 0));
    parts.reduce((offset, part) => { rows.set(part, offset); return offset + part.length; }, 0);
    return { rows, what: `the training records of ${files.join(' and ')}`, files };
  }
}

/** The features of `rows` of `table`, one after another. */
function featureRows(table: CsvTable, rows: Int32Array): Float32Array {
  const { width } = table;
  const out = new Float32Array(rows.length * width);
  rows.forEach((row, r) => out.set(table.features.subarray(row * width, (row + 1) * width), r * width));
  return out;
}

/** The rows of `table` among `rows` whose class is kept, as a split with the task's class ids. */
function takeRows(table: CsvTable, rows: Int32Array, fileClasses: LabelClasses, selection: ClassSelection): Split {
  const kept = rows.filter((row) => selection.id(fileClasses.id(table.labels[row]!)) >= 0);
  return {
    inputs: featureRows(table, kept),
    labels: Int32Array.from(kept, (row) => selection.id(fileClasses.id(table.labels[row]!))),
    count: kept.length,
  };
}

const column = (role: string) => ({
  type: ['string', 'integer'],
  description: `The ${role} column: its header name, or its 0-based index (negative counts from the end, −1 is the last).`,
}) as const;

const csvOptions = {
  type: 'object',
  additionalProperties: false,
  properties: {
    file: {
      type: 'string', minLength: 1,
      description: 'The CSV file, plain or gzip-compressed; a relative path resolves against the run\'s --data folder when given, else the spec\'s folder.',
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
    skip: {
      type: 'integer', minimum: 0, default: 0,
      description: 'Lines to skip at the start of each file, before any header (1 for scikit-learn\'s "rows,columns,class names" line).',
    },
    label: { ...column('label'), default: -1 },
    features: {
      type: 'array', items: column('feature'), minItems: 1, uniqueItems: true,
      description: 'The feature columns, by header name or 0-based index; default: every column but the label.',
    },
    header: {
      enum: ['auto', true, false], default: 'auto',
      description: "Whether the first line (after `skip`) is a header; 'auto': yes when a column is named in the options, or when a cell of the first line is not a number where the second line's is.",
    },
    delimiter: {
      type: 'string', minLength: 1, maxLength: 1, default: ',',
      description: 'The field separator (a single character, e.g. ";" or a tab).',
    },
    classes: {
      type: 'array', items: { type: ['string', 'integer'] }, minItems: 1, uniqueItems: true,
      description: 'The classes to keep, as labels written in the file (or names from `classNames`), in the order that gives their new labels; default: all.',
    },
    relabel: {
      type: 'boolean', default: true,
      description: 'Number the kept classes 0…k−1 in the order of `classes` (a k-way head); false keeps the file\'s class ids and a head over every class.',
    },
    classNames: {
      type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1,
      description: 'Names of the integer labels 0, 1, … (as scikit-learn\'s first line gives them), used in `classes` and the summary.',
    },
    scale: {
      enum: ['standard', 'none'], default: 'standard',
      description: "'standard': centre each feature column and divide by its standard deviation, from training records only (see `scaleOver`); 'none': use the values as written.",
    },
    scaleOver: {
      default: 'task',
      oneOf: [
        { enum: ['task', 'file'] },
        {
          type: 'object', additionalProperties: false, required: ['files'],
          properties: { files: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 } },
        },
      ],
      description: "Whose statistics standardise the features: 'task', this task's training records; 'file', every training record of `file` whatever its class (one transform for every task on the file); { \"files\": [...] }, the training records of those files together (each split as this task splits its file).",
    },
  },
  required: ['file'],
} as const;

export const csvTask = definePlugin({
  kind: 'task',
  name: 'csv',
  version: '1.1.0',
  core: '^0.1.0',
  source: 'RFC 4180 comma-separated values',
  description: 'A classification task from a CSV file (or a gzip-compressed one) of numeric feature columns and a label column.',
  options: csvOptions,
  create: (options) => new CsvTask(options),
});
