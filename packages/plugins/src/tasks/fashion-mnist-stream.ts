// What the Fashion-MNIST task streams share: their options, the images they start from, and members made on demand.
import type { OptionsOf, Split, TaskContext, TaskData, TaskSequence, TypedJsonSchema } from '@ontogeny/core';
import { FashionMnistTask } from './fashion-mnist-task.js';
import { FASHION_MNIST_DEFAULT_DIR } from './fashion-mnist-files.js';

/** The JSON Schema properties every stream has: the `fashion-mnist` task's but `relabel`, `trainPerClass` and `dev`. */
const fashionMnistStreamProperties = {
  dir: {
    type: 'string', minLength: 1,
    description: `Folder holding the four IDX .gz files; default: the run's --data folder, else ${FASHION_MNIST_DEFAULT_DIR} (Debian's dataset-fashion-mnist).`,
  },
  classes: {
    type: 'array', items: { type: 'integer', minimum: 0, maximum: 9 }, minItems: 2, uniqueItems: true, default: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    description: 'The original classes the stream draws on (0 T-shirt … 9 ankle boot), in the order that gives their labels.',
  },
  trainLimit: { type: 'integer', minimum: 1, description: 'Training images per task at most (the first ones, in file order); default: all.' },
  testLimit: { type: 'integer', minimum: 1, description: 'Test images per task at most (the first ones, in file order); default: all.' },
  scale: {
    enum: ['unit', 'standard'], default: 'unit',
    description: "'unit': pixels divided by 255; 'standard': then centred and scaled by the mean and std of all 60000 training images.",
  },
} as const;

/** The options every Fashion-MNIST stream has, after validation and defaults. */
export type FashionMnistStreamOptions = OptionsOf<{ readonly properties: typeof fashionMnistStreamProperties }>;

/** The options schema of a stream: the properties every stream has, and its own. */
export function streamOptionsSchema<const P extends { readonly [name: string]: TypedJsonSchema }>(own: P) {
  return { type: 'object', additionalProperties: false, properties: { ...fashionMnistStreamProperties, ...own } } as const;
}

/**
 * Loads the images every member is made from (`relabel` numbers the classes 0…k−1 in the order given). A stream
 * holds no dev split: its members transform their splits, and a dev split of the plain images would not be theirs.
 */
export function loadStreamBase(options: FashionMnistStreamOptions, context: TaskContext, relabel: boolean): Promise<TaskData> {
  return new FashionMnistTask({ ...options, relabel, dev: 0 }).load(context);
}

/** What one member is: its splits, its classes, and the words that tell it from the others. */
export interface StreamMember {
  readonly train: Split;
  readonly test: Split;
  readonly classes: number;
  readonly description: string;
}

/** The stream's TaskData: its first member's data, with the sequence that makes every member from `base`. */
export function streamData(base: TaskData, length: number, member: (index: number) => StreamMember): TaskData {
  const sequence: TaskSequence = {
    length,
    task(index) {
      if (!Number.isInteger(index) || index < 0 || index >= length) throw new RangeError(`task stream: no member ${index} — members 0…${length - 1}`);
      const made = member(index);
      return { ...base, ...made, description: `${base.description}; ${made.description}` };
    },
  };
  return { ...sequence.task(0), sequence };
}

/** Applies `transform` (one image in, one image out, `width` pixels each) to every row of `split`. */
export function mapImages(split: Split, width: number, transform: (image: Float32Array, out: Float32Array) => void): Split {
  const inputs = new Float32Array(split.inputs.length);
  for (let r = 0; r < split.count; r++) {
    transform(split.inputs.subarray(r * width, (r + 1) * width), inputs.subarray(r * width, (r + 1) * width));
  }
  return { inputs, labels: split.labels, count: split.count };
}
