// The built-in task plugins: Fashion-MNIST, CSV files, the generated `teacher` family, and Fashion-MNIST task streams.
import type { AnyPluginDefinition } from '@ontogeny/core';
import { csvTask } from './csv-task.js';
import { fashionMnistTask } from './fashion-mnist-task.js';
import { permutedFashionMnistTask } from './permuted-fashion-mnist-task.js';
import { rotatedFashionMnistTask } from './rotated-fashion-mnist-task.js';
import { splitFashionMnistTask } from './split-fashion-mnist-task.js';
import { teacherTask } from './teacher-task.js';

export { accuracy } from './accuracy-metric.js';
export { readIdx, decodeIdx } from './idx-reader.js';
export type { IdxArray, IdxElementType } from './idx-reader.js';

/** The task plugins, in the order `ontogeny plugins` lists them. */
export const taskPlugins: readonly AnyPluginDefinition[] = [
  teacherTask, fashionMnistTask, csvTask, permutedFashionMnistTask, rotatedFashionMnistTask, splitFashionMnistTask,
];
