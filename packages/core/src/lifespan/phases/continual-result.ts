// What a continual phase measured: the accuracy matrix R and the figures of Lopez-Paz & Ranzato 2017 and Chaudhry et al. 2018.

/** Task inference (SupSup) by one method: how often the task was found, and the accuracy with the found task's mask. */
export interface TaskInferenceResult {
  /** Fraction of test batches whose task was inferred correctly. */
  readonly taskAccuracy: number;
  /** Accuracy over all their examples, each batch answered with the mask and head of the task inferred for it. */
  readonly accuracy: number;
}

/** Task inference over test batches of every learned task. */
export interface TaskInference {
  /** Examples per batch. */
  readonly batch: number;
  /** Batches inferred, over all tasks. */
  readonly batches: number;
  /** By method: 'entropy-gradient' (SupSup's one-shot) and 'lowest-entropy'. */
  readonly methods: Readonly<Record<string, TaskInferenceResult>>;
}

export interface ContinualResult {
  /** The tasks in the order learned (`<task>/<index>` for a stream's members). */
  readonly tasks: readonly string[];
  /** R[i][j]: test accuracy on task j after learning task i (j ≤ i); null where it was not measured. */
  readonly accuracy: ReadonlyArray<ReadonlyArray<number | null>>;
  /** Mean over tasks of the accuracy after the last task: (1/T) Σ_j R[T−1][j]. */
  readonly averageAccuracy: number;
  /** (1/(T−1)) Σ_{j<T−1} (R[T−1][j] − R[j][j]); negative when learning later tasks hurt earlier ones; null for one task. */
  readonly backwardTransfer: number | null;
  /** (1/(T−1)) Σ_{j<T−1} (max_{l<T−1} R[l][j] − R[T−1][j]), over the measured R[l][j]; null for one task. */
  readonly forgetting: number | null;
  /** SupSup's task inference at the end, when asked for. */
  readonly inference?: TaskInference;
}

/**
 * The summary figures of an accuracy matrix whose diagonal and last row are measured (row i holds tasks 0…i).
 *
 * @example
 * continualFigures([[0.9], [0.8, 0.9]]); // average 0.85, backward transfer −0.1, forgetting 0.1
 */
export function continualFigures(accuracy: ReadonlyArray<ReadonlyArray<number | null>>): Pick<ContinualResult, 'averageAccuracy' | 'backwardTransfer' | 'forgetting'> {
  const count = accuracy.length;
  const last = accuracy[count - 1]!.map((value, j) => {
    if (value === null) throw new Error(`accuracy matrix: R[${count - 1}][${j}] (after the last task) was not measured`);
    return value;
  });
  const averageAccuracy = mean(last);
  if (count < 2) return { averageAccuracy, backwardTransfer: null, forgetting: null };
  const earlier = last.slice(0, -1);
  const backwardTransfer = mean(earlier.map((final, j) => final - accuracy[j]![j]!));
  const forgetting = mean(earlier.map((final, j) => {
    const before = accuracy.slice(j, count - 1).map((row) => row[j]).filter((value): value is number => value !== null && value !== undefined);
    return Math.max(...before) - final;
  }));
  return { averageAccuracy, backwardTransfer, forgetting };
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
