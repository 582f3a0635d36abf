// The `fashion-mnist` task: Fashion-MNIST from its IDX gz files, with a class subset, relabelling, limits (per class too), a dev split and pixel scaling.
import { resolve } from 'node:path';
import { definePlugin, type OptionsOf, type Split, type Task, type TaskContext, type TaskData } from '@ontogeny/core';
import { accuracy } from './accuracy-metric.js';
import { FASHION_MNIST_DEFAULT_DIR, loadFashionMnistFiles, type FashionMnistSplit } from './fashion-mnist-files.js';

const ALL_CLASSES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

const fashionMnistOptions = {
  type: 'object',
  additionalProperties: false,
  properties: {
    dir: {
      type: 'string', minLength: 1,
      description: `Folder holding the four IDX .gz files (a relative path resolves against the spec's folder); default: the run's --data folder, else ${FASHION_MNIST_DEFAULT_DIR} (Debian's dataset-fashion-mnist).`,
    },
    classes: {
      type: 'array', items: { type: 'integer', minimum: 0, maximum: 9 }, minItems: 2, uniqueItems: true, default: ALL_CLASSES,
      description: 'The original classes to keep (0 T-shirt … 9 ankle boot), in the order that gives their new labels.',
    },
    relabel: {
      type: 'boolean', default: true,
      description: 'Number the kept classes 0…k−1 in the order of `classes` (a k-way head); false keeps the original labels and a 10-way head.',
    },
    trainLimit: {
      type: 'integer', minimum: 1,
      description: 'Keep at most this many training images (the first ones of the selected classes, in file order); default: all.',
    },
    trainPerClass: {
      type: 'integer', minimum: 1,
      description: 'Keep at most this many training images of each class (the first ones, in file order): a few-shot target, where what pre-training learned matters. Default: all.',
    },
    dev: {
      type: 'integer', minimum: 0, default: 0,
      description: "Hold out the training file's last this many images of the selected classes as a dev split (never trained on), measured at each phase's end as 'dev:<metric>', for choosing learning rates and epochs. Default 0: none.",
    },
    testLimit: {
      type: 'integer', minimum: 1,
      description: 'Keep at most this many test images (the first ones of the selected classes, in file order); default: all.',
    },
    scale: {
      enum: ['unit', 'standard'], default: 'unit',
      description: "'unit': pixels divided by 255, in [0, 1]; 'standard': then centred and scaled by the mean and std of all 60000 training images (one transform for every subset, so features transfer between tasks).",
    },
  },
} as const;

/** The options of `fashion-mnist`, after validation and defaults. */
export type FashionMnistOptions = OptionsOf<typeof fashionMnistOptions>;

/** Maps an image byte to the model's input: x/255, then (optionally) standardised. */
interface PixelScale { readonly shift: number; readonly factor: number }

/** Which rows of a file a split takes: at most `limit` in all and `perClass` of each selected class, none of `excluded`. */
interface RowChoice {
  readonly limit: number;
  readonly perClass: number;
  readonly excluded?: ReadonlySet<number>;
}

/**
 * The rows of the selected classes in file order (the files are already shuffled, so the first ones are a fair
 * sample), as far as the limits allow.
 */
function chooseRows(split: FashionMnistSplit, classIds: Int32Array, choice: RowChoice): number[] {
  const rows: number[] = [];
  const taken = new Int32Array(10);
  for (let i = 0; i < split.count && rows.length < choice.limit; i++) {
    const label = split.labels[i]!;
    if (classIds[label]! < 0 || taken[label]! >= choice.perClass || choice.excluded?.has(i)) continue;
    taken[label]++;
    rows.push(i);
  }
  return rows;
}

/** The dev rows: the last `count` images of the selected classes in the training file, never trained on. */
function devRows(split: FashionMnistSplit, classIds: Int32Array, count: number): number[] {
  const rows: number[] = [];
  for (let i = split.count - 1; i >= 0 && rows.length < count; i--) if (classIds[split.labels[i]!]! >= 0) rows.push(i);
  return rows.reverse();
}

/** The chosen rows as a split, converting pixels and labels. */
function selectSplit(split: FashionMnistSplit, width: number, classIds: Int32Array, rows: readonly number[], scale: PixelScale): Split {
  const inputs = new Float32Array(rows.length * width);
  const labels = new Int32Array(rows.length);
  // One multiply-add per pixel: x = (byte − shift·255) · factor/255 (a lookup table is ~3× slower in V8).
  const offset = scale.shift * 255;
  const factor = scale.factor / 255;
  const images = split.images;
  for (let r = 0; r < rows.length; r++) {
    const from = rows[r]! * width;
    const to = r * width;
    for (let p = 0; p < width; p++) inputs[to + p] = (images[from + p]! - offset) * factor;
    labels[r] = classIds[split.labels[rows[r]!]!]!;
  }
  return { inputs, labels, count: rows.length };
}

/** The Fashion-MNIST task as configured; `load` reads (or reuses) the decoded files. */
export class FashionMnistTask implements Task {
  constructor(private readonly options: FashionMnistOptions) {}

  async load(context: TaskContext): Promise<TaskData> {
    const { options } = this;
    const dir = options.dir !== undefined ? resolve(context.specDir, options.dir) : context.dataDir ?? FASHION_MNIST_DEFAULT_DIR;
    const files = await loadFashionMnistFiles(dir);
    // classIds[original label] = the label the model sees, or −1 when the class is not selected.
    const classIds = new Int32Array(10).fill(-1);
    options.classes.forEach((original, position) => { classIds[original] = options.relabel ? position : original; });
    const scale: PixelScale = options.scale === 'standard'
      ? { shift: files.pixelMean, factor: 1 / files.pixelStd }
      : { shift: 0, factor: 1 };
    const held = devRows(files.train, classIds, options.dev);
    const trainRows = chooseRows(files.train, classIds, { limit: options.trainLimit ?? Infinity, perClass: options.trainPerClass ?? Infinity, excluded: new Set(held) });
    const train = selectSplit(files.train, files.width, classIds, trainRows, scale);
    const test = selectSplit(files.test, files.width, classIds, chooseRows(files.test, classIds, { limit: options.testLimit ?? Infinity, perClass: Infinity }), scale);
    const dev = selectSplit(files.train, files.width, classIds, held, scale);
    const relabelled = options.relabel ? ` relabelled 0–${options.classes.length - 1}` : ' (original labels)';
    const scaling = options.scale === 'standard'
      ? `standardised with the training set's pixel mean ${files.pixelMean.toFixed(4)} and std ${files.pixelStd.toFixed(4)}`
      : 'scaled to [0, 1]';
    return {
      input: { kind: 'features', width: files.width },
      classes: options.relabel ? options.classes.length : 10,
      labelsPerExample: 1,
      headKind: 'classify',
      train,
      test,
      ...(dev.count > 0 ? { evaluationSplits: { dev } } : {}),
      metric: accuracy,
      files: files.paths,
      description: `Fashion-MNIST from ${files.dir}: classes ${options.classes.join(',')}${relabelled}, ` +
        `${train.count} train${options.trainPerClass !== undefined ? ` (at most ${options.trainPerClass} per class)` : ''}` +
        `${dev.count > 0 ? ` / ${dev.count} dev (the training file's last)` : ''} / ${test.count} test images, pixels ${scaling}`,
    };
  }
}

export const fashionMnistTask = definePlugin({
  kind: 'task',
  name: 'fashion-mnist',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'Xiao, Rasul & Vollgraf 2017, "Fashion-MNIST: a novel image dataset for benchmarking machine learning algorithms"',
  description: 'Fashion-MNIST (28×28 grey images of 10 kinds of clothing) from its IDX gz files, optionally a subset of its classes.',
  options: fashionMnistOptions,
  create: (options) => new FashionMnistTask(options),
});
