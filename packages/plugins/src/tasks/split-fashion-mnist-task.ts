// The `split-fashion-mnist` task stream: Fashion-MNIST's classes dealt out in groups, one group per task (class-incremental split).
import { definePlugin, errors, type OptionsOf, type Split, type Task, type TaskContext, type TaskData } from '@ontogeny/core';
import { loadStreamBase, streamData, streamOptionsSchema } from './fashion-mnist-stream.js';

const splitFashionMnistOptions = streamOptionsSchema({
  classesPerTask: { type: 'integer', minimum: 2, default: 2, description: 'Classes per task, taken in the order of `classes` (5 tasks of 2 by default).' },
});

export type SplitFashionMnistOptions = OptionsOf<typeof splitFashionMnistOptions>;

/** The rows of `split` whose label is in [first, first + count), relabelled 0…count−1. */
function labelRange(split: Split, width: number, first: number, count: number): Split {
  const rows: number[] = [];
  for (let r = 0; r < split.count; r++) if (split.labels[r]! >= first && split.labels[r]! < first + count) rows.push(r);
  const inputs = new Float32Array(rows.length * width);
  const labels = new Int32Array(rows.length);
  rows.forEach((row, r) => {
    inputs.set(split.inputs.subarray(row * width, (row + 1) * width), r * width);
    labels[r] = split.labels[row]! - first;
  });
  return { inputs, labels, count: rows.length };
}

/** Member i holds classes[i·k … (i+1)·k), labelled 0…k−1 (a k-way head per task); classes left over are unused. */
export class SplitFashionMnistTask implements Task {
  constructor(private readonly options: SplitFashionMnistOptions) {}

  async load(context: TaskContext): Promise<TaskData> {
    const { classes, classesPerTask: k } = this.options;
    if (k > classes.length) throw errors.SHAPE_MISMATCH('split-fashion-mnist', `at most ${classes.length} classes per task (the classes given)`, `classesPerTask ${k}`);
    const base = await loadStreamBase(this.options, context, true);
    const width = base.input.kind === 'features' ? base.input.width : 0;
    const tasks = Math.floor(classes.length / k);
    return streamData(base, tasks, (index) => ({
      train: labelRange(base.train, width, index * k, k), test: labelRange(base.test, width, index * k, k), classes: k,
      description: `task ${index} of ${tasks}: classes ${classes.slice(index * k, (index + 1) * k).join(',')} relabelled 0–${k - 1}`,
    }));
  }
}

export const splitFashionMnistTask = definePlugin({
  kind: 'task',
  name: 'split-fashion-mnist',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'Zenke, Poole & Ganguli 2017 (split MNIST), on Fashion-MNIST',
  description: 'A stream of tasks for continual learning: Fashion-MNIST\'s classes in groups (pairs by default), one group per task with its own head.',
  options: splitFashionMnistOptions,
  create: (options) => new SplitFashionMnistTask(options),
});
