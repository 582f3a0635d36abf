// The bootstrap interval of one run's accuracy over its test examples, exact: no resampling noise, no seed.
import jstatModule from 'jstat';
import type { Interval } from './interval.js';

const { jStat } = jstatModule;

/**
 * The percentile bootstrap interval of an accuracy measured on `examples` independent test examples. Resampling
 * n examples with replacement from a test set with k correct gives Binomial(n, k/n) correct ones, so the
 * bootstrap's percentiles are that distribution's quantiles over n — what infinitely many resamples would give.
 *
 * @example
 * accuracyBootstrap(0.9, 1000); // { n: 1, mean: 0.9, sd: null, low: 0.881, high: 0.918 }
 */
export function accuracyBootstrap(accuracy: number, examples: number, level = 0.95): Interval {
  const alpha = (1 - level) / 2;
  const p = Math.round(accuracy * examples) / examples;
  return { n: 1, mean: accuracy, sd: null, low: binomialQuantile(alpha, examples, p) / examples, high: binomialQuantile(1 - alpha, examples, p) / examples };
}

/** The smallest k with P(X ≤ k) ≥ q for X ~ Binomial(n, p), by bisection over k. */
function binomialQuantile(q: number, n: number, p: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return n;
  let low = 0;
  let high = n;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (jStat.binomial.cdf(middle, n, p) >= q) high = middle;
    else low = middle + 1;
  }
  return low;
}
