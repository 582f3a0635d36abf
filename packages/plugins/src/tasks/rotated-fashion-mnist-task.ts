// The `rotated-fashion-mnist` task stream: Fashion-MNIST turned by a fixed angle per task (bilinear interpolation).
import { definePlugin, errors, type OptionsOf, type Task, type TaskContext, type TaskData } from '@ontogeny/core';
import { loadStreamBase, mapImages, streamData, streamOptionsSchema } from './fashion-mnist-stream.js';

const rotatedFashionMnistOptions = streamOptionsSchema({
  tasks: { type: 'integer', minimum: 1, default: 10, description: 'Tasks in the stream (angles).' },
  degrees: { type: 'number', exclusiveMinimum: 0, maximum: 360, description: 'Degrees between consecutive tasks (task i is turned by i · degrees); default 360/tasks.' },
});

export type RotatedFashionMnistOptions = OptionsOf<typeof rotatedFashionMnistOptions>;

/**
 * Turns a side × side image by `radians` about its centre: each output pixel samples the input at the inversely
 * rotated point, bilinearly; points outside the image read `background`.
 */
export function rotateImage(image: Float32Array, out: Float32Array, side: number, radians: number, background: number): void {
  const centre = (side - 1) / 2;
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  const at = (x: number, y: number) => (x >= 0 && x < side && y >= 0 && y < side ? image[y * side + x]! : background);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const dx = x - centre;
      const dy = y - centre;
      const sx = cos * dx + sin * dy + centre;
      const sy = -sin * dx + cos * dy + centre;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      out[y * side + x] = (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) + fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1));
    }
  }
}

/** Member i shows every image turned by i · `degrees` (360/tasks by default), counter-clockwise. */
export class RotatedFashionMnistTask implements Task {
  constructor(private readonly options: RotatedFashionMnistOptions) {}

  async load(context: TaskContext): Promise<TaskData> {
    const { tasks } = this.options;
    const degrees = this.options.degrees ?? 360 / tasks;
    const base = await loadStreamBase(this.options, context, true);
    const width = base.input.kind === 'features' ? base.input.width : 0;
    const side = Math.round(Math.sqrt(width));
    if (side * side !== width) throw errors.SHAPE_MISMATCH('rotated-fashion-mnist', 'square images', `${width} pixels per image`);
    // Scaling is monotone and every image has black pixels: the smallest value is what black became
    const background = base.train.inputs.reduce((low, x) => Math.min(low, x), Infinity);
    return streamData(base, tasks, (index) => {
      const radians = (index * degrees * Math.PI) / 180;
      const rotate = (image: Float32Array, out: Float32Array) => rotateImage(image, out, side, radians, background);
      return {
        train: mapImages(base.train, width, rotate), test: mapImages(base.test, width, rotate), classes: base.classes,
        description: `task ${index} of ${tasks}: images turned by ${+(index * degrees).toFixed(3)}°`,
      };
    });
  }
}

export const rotatedFashionMnistTask = definePlugin({
  kind: 'task',
  name: 'rotated-fashion-mnist',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'Lopez-Paz & Ranzato 2017, "Gradient Episodic Memory for Continual Learning" (rotated MNIST), on Fashion-MNIST',
  description: 'A stream of tasks for continual learning: Fashion-MNIST turned by a fixed angle, a larger one for each task.',
  options: rotatedFashionMnistOptions,
  create: (options) => new RotatedFashionMnistTask(options),
});
