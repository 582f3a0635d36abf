// The mean of values over seeds with its standard deviation and 95 % Student-t confidence interval.
import jstatModule from 'jstat';

const { jStat } = jstatModule;

/** A mean over n values: sd is the sample standard deviation; low/high the interval's ends (null when n < 2). */
export interface Interval {
  readonly n: number;
  readonly mean: number;
  readonly sd: number | null;
  readonly low: number | null;
  readonly high: number | null;
}

/** The p-quantile of Student's t distribution with `dof` degrees of freedom (jStat's inverse CDF). */
export function tQuantile(p: number, dof: number): number {
  return jStat.studentt.inv(p, dof);
}

/**
 * Mean, sample sd and the two-sided `level` t-interval mean ± t(1 − α/2, n − 1) · sd / √n of `values`
 * (NaN values, from diverged runs, count as values: the interval is then NaN, not silently narrower).
 *
 * @example
 * meanInterval([0.81, 0.83, 0.82]); // { n: 3, mean: 0.82, sd: 0.01, low: 0.7952, high: 0.8448 }
 */
export function meanInterval(values: readonly number[], level = 0.95): Interval {
  const n = values.length;
  if (n === 0) return { n, mean: Number.NaN, sd: null, low: null, high: null };
  const mean = values.reduce((sum, value) => sum + value, 0) / n;
  if (n === 1) return { n, mean, sd: null, low: null, high: null };
  const sd = Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1));
  const half = tQuantile(1 - (1 - level) / 2, n - 1) * sd / Math.sqrt(n);
  return { n, mean, sd, low: mean - half, high: mean + half };
}
