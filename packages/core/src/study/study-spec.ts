// The study spec as TypeScript sees it once validated: a base lifespan, seeds, axes that vary it, and claims.

/** A JSON value as it appears in a spec. */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** JSON pointer (RFC 6901) into the base lifespan spec → the value to put there. */
export type Patch = Readonly<Record<string, Json>>;

/** A continuous range a random sample draws from (uniformly, or log-uniformly). */
export interface AxisRange {
  readonly min: number;
  readonly max: number;
  readonly scale: 'linear' | 'log';
  readonly integer: boolean;
}

/**
 * One axis of variation. `values` are put at `path`; `levels` are named variants, each a patch that may change
 * several paths at once (a level whose name is a number, e.g. "32", counts as that number for dose claims);
 * `range` is drawn from by a random sample only.
 */
export interface AxisSpec {
  readonly path?: string;
  readonly values?: readonly Json[];
  readonly levels?: Readonly<Record<string, Patch>>;
  readonly range?: AxisRange;
}

export interface VarySpec {
  /** Axes by name; a grid is their Cartesian product. */
  readonly axes: Readonly<Record<string, AxisSpec | readonly Json[]>>;
  /** Draw this many points at random (seeded) instead of the whole grid. */
  readonly sample?: { readonly count: number; readonly seed: number };
}

/** A phase's final metric at one point of the study (`at` names axis values; unnamed axes must have one value). */
export interface MetricRef {
  readonly phase: string;
  readonly metric: string;
  readonly at?: Readonly<Record<string, Json>>;
}

interface ClaimBase {
  readonly name: string;
  readonly description?: string;
}

/** Per seed `of / to` (ratio) or `of − minus` (difference); holds when the interval's lower end is above `above` and its upper end below `below`. */
export interface RatioClaim extends ClaimBase { readonly kind: 'ratio'; readonly of: MetricRef; readonly to: MetricRef; readonly above?: number; readonly below?: number }
export interface DifferenceClaim extends ClaimBase { readonly kind: 'difference'; readonly of: MetricRef; readonly minus: MetricRef; readonly above?: number; readonly below?: number }
/** `items` in decreasing order: each paired difference with the next has its lower end above `margin`. */
export interface OrderClaim extends ClaimBase { readonly kind: 'order'; readonly items: readonly MetricRef[]; readonly margin: number }
/**
 * Along `axis` (numeric values, sorted, within [minDose, maxDose] when given), every step's paired difference has its
 * lower end at or above −tolerance (above 0 when strict), sign by direction.
 */
export interface MonotoneClaim extends ClaimBase {
  readonly kind: 'monotone'; readonly metric: MetricRef; readonly axis: string;
  readonly direction: 'increasing' | 'decreasing'; readonly tolerance: number; readonly strict: boolean;
  readonly minDose?: number; readonly maxDose?: number;
}
/** The interval of the mean lies inside [min, max]. */
export interface RangeClaim extends ClaimBase { readonly kind: 'range'; readonly metric: MetricRef; readonly min?: number; readonly max?: number }

export type ClaimSpec = RatioClaim | DifferenceClaim | OrderClaim | MonotoneClaim | RangeClaim;

/** A paired difference between two phases of the same run, reported for every metric they share. */
export interface DifferenceSpec {
  readonly of: string;
  readonly minus: string;
}

/** What a profile (`--profile ci`) changes: other seeds, axes or claims, and patches to the base spec. */
export interface ProfileSpec {
  readonly description?: string;
  readonly seeds?: number | readonly number[];
  readonly vary?: VarySpec;
  readonly set?: Patch;
  readonly claims?: readonly ClaimSpec[];
}

export interface StudySpec {
  readonly $schema?: string;
  readonly name: string;
  readonly description?: string;
  /** The lifespan spec every run starts from, inline or as a path relative to the study file. */
  readonly base: string | Readonly<Record<string, Json>>;
  /** A count (seeds 0 … n−1) or the list of seeds. */
  readonly seeds: number | readonly number[];
  readonly vary?: VarySpec;
  readonly differences?: readonly DifferenceSpec[];
  readonly claims?: readonly ClaimSpec[];
  readonly profiles?: Readonly<Record<string, ProfileSpec>>;
}
