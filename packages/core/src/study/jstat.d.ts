// The part of jStat (which ships no types) that studies use: the Student t quantile and the binomial CDF.
declare module 'jstat' {
  export const jStat: {
    readonly studentt: {
      /** The p-quantile of Student's t distribution with `dof` degrees of freedom. */
      inv(p: number, dof: number): number;
    };
    readonly binomial: {
      /** P(X ≤ k) for X ~ Binomial(n, p). */
      cdf(k: number, n: number, p: number): number;
    };
  };
}
