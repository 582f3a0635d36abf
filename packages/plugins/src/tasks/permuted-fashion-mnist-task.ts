// The `permuted-fashion-mnist` task stream: Fashion-MNIST with a fixed, seeded permutation of the pixels per task.
import { definePlugin, Rng, type OptionsOf, type Task, type TaskContext, type TaskData } from '@ontogeny/core';
import { loadStreamBase, mapImages, streamData, streamOptionsSchema } from './fashion-mnist-stream.js';

const permutedFashionMnistOptions = streamOptionsSchema({
  tasks: { type: 'integer', minimum: 1, default: 10, description: 'Tasks in the stream (permutations), e.g. 10, 50, 250.' },
  seed: { type: 'integer', default: 0, description: "Seed of the permutations (the task's own, not the run's, so the tasks stay fixed across runs)." },
});

export type PermutedFashionMnistOptions = OptionsOf<typeof permutedFashionMnistOptions>;

/** Member i sees every image through permutation i, drawn from (seed, i) alone: the same in every run and every spec. */
export class PermutedFashionMnistTask implements Task {
  constructor(private readonly options: PermutedFashionMnistOptions) {}

  async load(context: TaskContext): Promise<TaskData> {
    const { tasks, seed } = this.options;
    const base = await loadStreamBase(this.options, context, true);
    const width = base.input.kind === 'features' ? base.input.width : 0;
    return streamData(base, tasks, (index) => {
      const permutation = Rng.derive(seed, 'pixel-permutation', index).permutation(width);
      const permute = (image: Float32Array, out: Float32Array) => { for (let p = 0; p < width; p++) out[p] = image[permutation[p]!]!; };
      return {
        train: mapImages(base.train, width, permute), test: mapImages(base.test, width, permute), classes: base.classes,
        description: `task ${index} of ${tasks}: pixels permuted by permutation ${index} of seed ${seed}`,
      };
    });
  }
}

export const permutedFashionMnistTask = definePlugin({
  kind: 'task',
  name: 'permuted-fashion-mnist',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'Goodfellow et al. 2013 and Kirkpatrick et al. 2017 (permuted MNIST), on Fashion-MNIST (Xiao et al. 2017); the SupSup benchmark (Wortsman et al. 2020)',
  description: 'A stream of tasks for continual learning: Fashion-MNIST seen through a fixed random permutation of the pixels, one permutation per task.',
  options: permutedFashionMnistOptions,
  create: (options) => new PermutedFashionMnistTask(options),
});
