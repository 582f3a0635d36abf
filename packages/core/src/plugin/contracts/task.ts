// The Task contract: labelled train/test splits, the input they carry, and the task's own metric.
import type { Rng } from '../../tensor/rng.js';

/** Fixed-width numeric features (an image, a CSV row) or token sequences of a given length and vocabulary. */
export type TaskInput =
  | { readonly kind: 'features'; readonly width: number }
  | { readonly kind: 'tokens'; readonly length: number; readonly vocabulary: number };

/** Numbers per example row: the feature width, or the sequence length for tokens. */
export function inputWidth(input: TaskInput): number {
  return input.kind === 'features' ? input.width : input.length;
}

/** Examples in rows: `inputs` holds `count` rows of the task's input width; `labels` `labelsPerExample` per row. */
export interface Split {
  readonly inputs: Float32Array;
  readonly labels: Int32Array;
  readonly count: number;
}

/** A task's own figure of merit besides accuracy (F1, Matthews correlation…), from predictions and labels. */
export interface Metric {
  readonly name: string;
  compute(predicted: Int32Array, labels: Int32Array, classes: number): number;
}

export interface TaskData {
  readonly input: TaskInput;
  readonly classes: number;
  /** Labels per example: 1 for classification; the sequence length for token-level tasks (−1 = ignore). */
  readonly labelsPerExample: number;
  /** The kind of head the model adds for this task ('classify' by default). */
  readonly headKind: string;
  readonly train: Split;
  readonly test: Split;
  readonly metric: Metric;
  /** The files the data were read from: their sizes and contents join the run's identity (generated data has none). */
  readonly files?: readonly string[];
  /** Figures computed beside `metric` at every evaluation (e.g. Matthews correlation beside a paraphrase task's F1). */
  readonly extraMetrics?: readonly Metric[];
  /**
   * Splits measured at each phase's end besides test, by name — a dev split for choosing hyperparameters, an
   * in-distribution test beside a shifted one; their figures appear as `<name>:<metric>`.
   */
  readonly evaluationSplits?: Readonly<Record<string, Split>>;
  /** A sentence for the summary: where the data came from and what was selected. */
  readonly description: string;
  /** Set when the task is a stream of tasks learned one after another (continual learning); the data above are its first. */
  readonly sequence?: TaskSequence;
}

/**
 * A stream of tasks over one input (permutations, rotations, class splits). Members are made on demand, so a
 * stream of hundreds of tasks never holds them all at once; member `index` is named `<task>/<index>` in a run.
 */
export interface TaskSequence {
  readonly length: number;
  /** Member `index`'s data; the same index always gives the same data. */
  task(index: number): TaskData;
}

export interface TaskContext {
  /** The data folder from `--data` or the spec, or null for the plugin's default. */
  readonly dataDir: string | null;
  /** The folder of the spec file: a relative path in a task's options resolves against it. */
  readonly specDir: string;
  rng(...parts: Array<string | number>): Rng;
}

export interface Task {
  load(context: TaskContext): Promise<TaskData>;
}
