// The built-in task plugins: Fashion-MNIST, CSV files and the generated `teacher` family.
import type { AnyPluginDefinition } from '@ontogeny/core';
import { csvTask } from './csv-task.js';
import { fashionMnistTask } from './fashion-mnist-task.js';
import { teacherTask } from './teacher-task.js';

export { accuracy } from './accuracy-metric.js';
export { readIdx, decodeIdx } from './idx-reader.js';
export type { IdxArray, IdxElementType } from './idx-reader.js';

/** The task plugins, in the order `ontogeny plugins` lists them. */
export const taskPlugins: readonly AnyPluginDefinition[] = [teacherTask, fashionMnistTask, csvTask];
