// The part of jStat (which ships no types) that studies use: the Student t quantile.
declare module 'jstat' {
  export const jStat: {
    readonly studentt: {
      /** The p-quantile of Student's t distribution with `dof` degrees of freedom. */
      inv(p: number, dof: number): number;
    };
  };
}
