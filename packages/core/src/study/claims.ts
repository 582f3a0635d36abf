// Claims that check themselves: each judged by the ends of a 95 % t-interval over seeds of paired per-seed values.
import { meanInterval, type Interval } from './interval.js';
import { pointLabel } from './study-points.js';
import { valuesBySeed, type RunRow } from './study-results.js';
import type { ClaimSpec, Json, MetricRef } from './study-spec.js';

/** One quantity a claim was judged on, with the comparison made and whether it passed. */
export interface ClaimCheck extends Interval {
  readonly label: string;
  /** "lower end 0.972 > 0.97", the test this quantity had to pass. */
  readonly test: string;
  readonly passed: boolean;
}

export interface ClaimResult {
  readonly name: string;
  readonly kind: ClaimSpec['kind'];
  readonly holds: boolean;
  readonly checks: readonly ClaimCheck[];
}

/** Evaluates every claim over the completed runs in `rows`. */
export function evaluateClaims(claims: readonly ClaimSpec[], rows: readonly RunRow[]): ClaimResult[] {
  return claims.map((claim) => {
    const checks = checksOf(claim, rows);
    return { name: claim.name, kind: claim.kind, holds: checks.length > 0 && checks.every((check) => check.passed), checks };
  });
}

function checksOf(claim: ClaimSpec, rows: readonly RunRow[]): ClaimCheck[] {
  switch (claim.kind) {
    case 'ratio':
      return [bounded(`${refLabel(claim.of)} / ${refLabel(claim.to)}`, paired(rows, claim.of, claim.to, (a, b) => a / b), claim.above, claim.below)];
    case 'difference':
      return [bounded(`${refLabel(claim.of)} − ${refLabel(claim.minus)}`, paired(rows, claim.of, claim.minus, (a, b) => a - b), claim.above, claim.below)];
    case 'order':
      return claim.items.slice(1).map((next, index) => {
        const first = claim.items[index];
        return lowerAbove(`${refLabel(first)} − ${refLabel(next)}`, paired(rows, first, next, (a, b) => a - b), claim.margin, true);
      });
    case 'monotone': {
      const covered = (dose: number) => dose >= (claim.minDose ?? -Infinity) && dose <= (claim.maxDose ?? Infinity);
      const doses = [...new Set(rows.map((row) => row.point.axes[claim.axis]).filter((dose): dose is number => typeof dose === 'number' && covered(dose)))]
        .sort((a, b) => a - b);
      const sign = claim.direction === 'increasing' ? 1 : -1;
      return doses.slice(1).map((dose, index) => {
        const previous = doses[index];
        const step = paired(rows, claim.metric, claim.metric, (a, b) => sign * (a - b), { [claim.axis]: dose }, { [claim.axis]: previous });
        const label = `${sign > 0 ? '' : '−('}${refLabel(claim.metric)} at ${claim.axis}=${dose} − at ${claim.axis}=${previous}${sign > 0 ? '' : ')'}`;
        return lowerAbove(label, step, claim.strict ? 0 : -claim.tolerance, claim.strict);
      });
    }
    case 'range':
      return [bounded(refLabel(claim.metric), meanInterval([...valuesBySeed(rows, claim.metric).values()]), claim.min, claim.max, false)];
  }
}

/** Per seed f(a, b) where both refs have a value; the interval of its mean. */
function paired(rows: readonly RunRow[], a: MetricRef, b: MetricRef, f: (a: number, b: number) => number,
  atA: Readonly<Record<string, Json>> = {}, atB: Readonly<Record<string, Json>> = {}): Interval {
  const first = valuesBySeed(rows, a, atA);
  const second = valuesBySeed(rows, b, atB);
  return meanInterval([...first].filter(([seed]) => second.has(seed)).map(([seed, value]) => f(value, second.get(seed)!)));
}

/** Holds when the lower end is above `low` (at least, when not strict) and the upper end below `high`. */
function bounded(label: string, interval: Interval, low: number | undefined, high: number | undefined, strict = true): ClaimCheck {
  if (interval.low === null || interval.high === null) return noInterval(label, interval);
  const tests: Array<[string, boolean]> = [];
  const [above, below] = strict ? ['>', '<'] : ['≥', '≤'];
  if (low !== undefined) tests.push([`lower end ${format(interval.low)} ${above} ${low}`, strict ? interval.low > low : interval.low >= low]);
  if (high !== undefined) tests.push([`upper end ${format(interval.high)} ${below} ${high}`, strict ? interval.high < high : interval.high <= high]);
  if (tests.length === 0) tests.push(['no bound given', false]);
  return { label, ...interval, test: tests.map(([text]) => text).join(' and '), passed: tests.every(([, passed]) => passed) };
}

function lowerAbove(label: string, interval: Interval, bound: number, strict: boolean): ClaimCheck {
  if (interval.low === null) return noInterval(label, interval);
  const passed = strict ? interval.low > bound : interval.low >= bound;
  return { label, ...interval, test: `lower end ${format(interval.low)} ${strict ? '>' : '≥'} ${bound}`, passed };
}

function noInterval(label: string, interval: Interval): ClaimCheck {
  return { label, ...interval, test: `no interval from ${interval.n} paired seed${interval.n === 1 ? '' : 's'} (needs 2 or more)`, passed: false };
}

/** "mask/accuracy at bits=32". */
export function refLabel(ref: MetricRef): string {
  const at = ref.at && Object.keys(ref.at).length > 0 ? ` at ${pointLabel(ref.at)}` : '';
  return `${ref.phase}/${ref.metric}${at}`;
}

function format(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(4))) : String(value);
}

