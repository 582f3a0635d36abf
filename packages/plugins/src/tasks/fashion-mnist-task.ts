// The `fashion-mnist` task: Fashion-MNIST from its IDX gz files, with a class subset, relabelling, limits and pixel scaling.
import { definePlugin, type Split, type Task, type TaskData } from '@ontogeny/core';
import { accuracy } from './accuracy-metric.js';
import { FASHION_MNIST_DEFAULT_DIR, loadFashionMnistFiles, type FashionMnistSplit } from './fashion-mnist-files.js';

/** The options of `fashion-mnist`, after validation and defaults. */
export interface FashionMnistOptions {
  readonly dir?: string;
  readonly classes: readonly number[];
  readonly relabel: boolean;
  readonly trainLimit?: number;
  readonly testLimit?: number;
  readonly scale: 'unit' | 'standard';
}

const ALL_CLASSES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/** Maps an image byte to the model's input: x/255, then (optionally) standardised. */
interface PixelScale { readonly shift: number; readonly factor: number }

/**
 * Picks the examples of `classes` in file order (the files are already shuffled, so the first `limit`
 * are a fair sample), converting pixels and labels as it goes.
 */
function selectSplit(split: FashionMnistSplit, width: number, classIds: Int32Array, limit: number, scale: PixelScale): Split {
  const rows: number[] = [];
  for (let i = 0; i < split.count && rows.length < limit; i++) {
    if (classIds[split.labels[i]!]! >= 0) rows.push(i);
  }
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

  async load(context: { readonly dataDir: string | null }): Promise<TaskData> {
    const { options } = this;
    const dir = options.dir ?? context.dataDir ?? FASHION_MNIST_DEFAULT_DIR;
    const files = await loadFashionMnistFiles(dir);
    // classIds[original label] = the label the model sees, or −1 when the class is not selected.
    const classIds = new Int32Array(10).fill(-1);
    options.classes.forEach((original, position) => { classIds[original] = options.relabel ? position : original; });
    const scale: PixelScale = options.scale === 'standard'
      ? { shift: files.pixelMean, factor: 1 / files.pixelStd }
      : { shift: 0, factor: 1 };
    const train = selectSplit(files.train, files.width, classIds, options.trainLimit ?? Infinity, scale);
    const test = selectSplit(files.test, files.width, classIds, options.testLimit ?? Infinity, scale);
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
      metric: accuracy,
      files: files.paths,
      description: `Fashion-MNIST from ${files.dir}: classes ${options.classes.join(',')}${relabelled}, ` +
        `${train.count} train / ${test.count} test images, pixels ${scaling}`,
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
  options: {
    type: 'object',
    additionalProperties: false,
    properties: {
      dir: {
        type: 'string', minLength: 1,
        description: `Folder holding the four IDX .gz files; default: the run's --data folder, else ${FASHION_MNIST_DEFAULT_DIR} (Debian's dataset-fashion-mnist).`,
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
      testLimit: {
        type: 'integer', minimum: 1,
        description: 'Keep at most this many test images (the first ones of the selected classes, in file order); default: all.',
      },
      scale: {
        enum: ['unit', 'standard'], default: 'unit',
        description: "'unit': pixels divided by 255, in [0, 1]; 'standard': then centred and scaled by the mean and std of all 60000 training images (one transform for every subset, so features transfer between tasks).",
      },
    },
  },
  create: (options: FashionMnistOptions) => new FashionMnistTask(options),
});
