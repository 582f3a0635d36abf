// The `teacher` task family: embedded, generated data for the quickstart — tasks that share features but differ in readout.
import { definePlugin, type OptionsOf, type Task, type TaskData } from '@ontogeny/core';
import { accuracy } from './accuracy-metric.js';
import { Teacher } from './teacher-data.js';

const size = (what: string, fallback: number, maximum: number) => ({
  type: 'integer', minimum: 1, maximum, default: fallback, description: what,
}) as const;

const teacherOptions = {
  type: 'object',
  additionalProperties: false,
  properties: {
    seed: {
      type: 'integer', minimum: 0, default: 0,
      description: "Seed of the family (the shared features, every task's readout and data); the task's own, not the run's, so the data stay fixed.",
    },
    task: {
      type: 'integer', minimum: 0, default: 0,
      description: 'Which member of the family: each number is a different readout of the same shared features.',
    },
    features: size('Input width D.', 32, 4096),
    hidden: size("Number of the teacher's shared ReLU units (the features a student must discover).", 16, 4096),
    classes: { ...size('Number of classes.', 4, 1000), minimum: 2 },
    train: size('Number of training examples.', 4000, 1_000_000),
    test: size('Number of test examples.', 1000, 1_000_000),
    dev: {
      type: 'integer', minimum: 0, maximum: 1_000_000, default: 0,
      description: "Examples of a dev split (drawn like test, apart from it), measured at each phase's end as 'dev:<metric>' for choosing learning rates and epochs; 0 (default) for none.",
    },
    noise: {
      type: 'number', minimum: 0, default: 0.1,
      description: 'Std of Gaussian noise on the unit-variance class scores before the argmax; it caps the attainable accuracy below 100 %.',
    },
    threshold: {
      type: 'number', default: 1,
      description: 'θ in relu(A x − θ): above 0 the units fire sparsely and the labels are far from linear in x.',
    },
  },
} as const;

/** The options of `teacher`, after validation and defaults. */
export type TeacherTaskOptions = OptionsOf<typeof teacherOptions>;

/** A member of the teacher family; the data depend on the options alone (never on the run's seed). */
export class TeacherTask implements Task {
  constructor(private readonly options: TeacherTaskOptions) {}

  async load(): Promise<TaskData> {
    const { options } = this;
    const teacher = new Teacher(options);
    const train = teacher.sample('train', options.train);
    const test = teacher.sample('test', options.test);
    const dev = options.dev > 0 ? teacher.sample('dev', options.dev) : null;
    return {
      input: { kind: 'features', width: options.features },
      classes: options.classes,
      labelsPerExample: 1,
      headKind: 'classify',
      train: { inputs: train.inputs, labels: train.labels, count: train.count },
      test: { inputs: test.inputs, labels: test.labels, count: test.count },
      ...(dev ? { evaluationSplits: { dev: { inputs: dev.inputs, labels: dev.labels, count: dev.count } } } : {}),
      metric: accuracy,
      description: `teacher task ${options.task} of family seed ${options.seed}: ${options.classes}-way readout of ` +
        `relu(A x − ${options.threshold}) with ${options.hidden} shared units, x ~ N(0, I${options.features}), ` +
        `score noise ${options.noise}; ${train.count} train${dev ? ` / ${dev.count} dev` : ''} / ${test.count} test`,
    };
  }
}

export const teacherTask = definePlugin({
  kind: 'task',
  name: 'teacher',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'the teacher–student setting (Gardner & Derrida 1989; Saad & Solla 1995), generated in-process',
  description: 'Generated tasks (no download): inputs x ~ N(0, I), labels from a noisy readout of random ReLU features shared by the family, so learning one task helps the next.',
  options: teacherOptions,
  create: (options) => new TeacherTask(options),
});
