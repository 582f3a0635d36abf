// Finds, reads and checks the four Fashion-MNIST IDX files of a folder, decoding each folder once per process.
import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { errors } from '@ontogeny/core';
import { readIdx, type IdxArray } from './idx-reader.js';

/** Where Debian's `dataset-fashion-mnist` package puts the files. */
export const FASHION_MNIST_DEFAULT_DIR = '/usr/share/datasets/fashion-mnist';

const INSTALL_HINT =
  'install the data with `apt-get install dataset-fashion-mnist`, or pass `--data DIR` (or the task option `dir`) ' +
  'naming a folder that holds train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz ' +
  'and t10k-labels-idx1-ubyte.gz';

/** One split as stored: `count` images of `width` bytes each (0–255), and their labels 0–9. */
export interface FashionMnistSplit {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;
}

/** The decoded dataset, with the training set's pixel mean and standard deviation on the [0, 1] scale. */
export interface FashionMnistFiles {
  readonly dir: string;
  /** The four files read. */
  readonly paths: readonly string[];
  readonly width: number;
  readonly train: FashionMnistSplit;
  readonly test: FashionMnistSplit;
  readonly pixelMean: number;
  readonly pixelStd: number;
}

// Several tasks of one run (pre-train on 0–4, fine-tune on 5–9) read the same files: decode them once.
const cache = new Map<string, Promise<FashionMnistFiles>>();

/**
 * The Fashion-MNIST files of `dir`, decoded and checked; a missing folder or file gives ONT_DATA_MISSING,
 * a damaged one ONT_DATA_CORRUPT.
 *
 * @example
 * const data = await loadFashionMnistFiles('/usr/share/datasets/fashion-mnist'); // data.train.count = 60000
 */
export function loadFashionMnistFiles(dir: string): Promise<FashionMnistFiles> {
  const key = resolve(dir);
  let pending = cache.get(key);
  if (pending === undefined) {
    pending = readFolder(key);
    // A failed read is not remembered, so installing the data and trying again works in the same process.
    pending.catch(() => cache.delete(key));
    cache.set(key, pending);
  }
  return pending;
}

async function readFolder(dir: string): Promise<FashionMnistFiles> {
  if (!(await exists(dir))) throw errors.DATA_MISSING(dir, `no Fashion-MNIST folder here; ${INSTALL_HINT}`);
  // Found in a fixed order before any is read, so the file a message names does not depend on which read ends first
  const paths: string[] = [];
  for (const name of PART_NAMES) paths.push(await partPath(dir, name));
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all(paths.map(readPart));
  const train = checkSplit(trainImages, trainLabels);
  const test = checkSplit(testImages, testLabels);
  if (train.width !== test.width) {
    throw errors.DATA_CORRUPT(testImages.path, `expected images of ${train.width} pixels like the training set's, found ${test.width}`);
  }
  const { mean, std } = pixelStatistics(train.split.images);
  return { dir, paths, width: train.width, train: train.split, test: test.split, pixelMean: mean, pixelStd: std };
}

interface Part extends IdxArray { readonly path: string }

const PART_NAMES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'] as const;

/** `<name>.gz`, or the uncompressed `<name>` when only that is present; ONT_DATA_MISSING when neither is. */
async function partPath(dir: string, name: string): Promise<string> {
  const gzipped = join(dir, `${name}.gz`);
  if (await exists(gzipped)) return gzipped;
  const plain = join(dir, name);
  if (await exists(plain)) return plain;
  throw errors.DATA_MISSING(gzipped, INSTALL_HINT);
}

async function readPart(path: string): Promise<Part> {
  return { ...(await readIdx(path)), path };
}

function checkSplit(images: Part, labels: Part): { split: FashionMnistSplit; width: number } {
  if (images.type !== 'uint8' || images.dims.length !== 3) {
    throw errors.DATA_CORRUPT(images.path, `expected a 3-dimensional uint8 array (images × rows × columns), found a ${images.dims.length}-dimensional ${images.type} array`);
  }
  if (labels.type !== 'uint8' || labels.dims.length !== 1) {
    throw errors.DATA_CORRUPT(labels.path, `expected a 1-dimensional uint8 array of labels, found a ${labels.dims.length}-dimensional ${labels.type} array`);
  }
  const count = images.dims[0]!;
  if (labels.dims[0] !== count) {
    throw errors.DATA_CORRUPT(labels.path, `expected ${count} labels, one per image of ${images.path}, found ${labels.dims[0]}`);
  }
  const labelBytes = labels.data as Uint8Array;
  const bad = labelBytes.findIndex((label) => label > 9);
  if (bad >= 0) throw errors.DATA_CORRUPT(labels.path, `expected labels 0–9, found ${labelBytes[bad]} at position ${bad}`);
  return { split: { images: images.data as Uint8Array, labels: labelBytes, count }, width: images.dims[1]! * images.dims[2]! };
}

/** Mean and standard deviation of all pixels, scaled to [0, 1]; a byte histogram keeps it exact and fast. */
function pixelStatistics(pixels: Uint8Array): { mean: number; std: number } {
  const histogram = new Float64Array(256);
  for (let i = 0; i < pixels.length; i++) histogram[pixels[i]!]!++;
  let sum = 0;
  let squares = 0;
  for (let v = 0; v < 256; v++) {
    sum += histogram[v]! * (v / 255);
    squares += histogram[v]! * (v / 255) ** 2;
  }
  const mean = sum / pixels.length;
  return { mean, std: Math.sqrt(Math.max(squares / pixels.length - mean * mean, 0)) };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
