// Text tables of a study's results for a terminal: the aggregate per point, the paired differences, the claims.
import { pointLabel, type AggregateRow, type ClaimResult, type DifferenceRow, type Interval } from '@ontogeny/core';

/** Columns padded to their widest cell; numbers right-aligned. */
export function textTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const numeric = header.map((_, column) => rows.length > 0 && rows.every((row) => /^[-−+]?[\d.]+|^—$|^\[/.test(row[column])));
  const render = (cells: readonly string[]) => cells
    .map((cell, column) => (numeric[column] ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
    .join('  ').trimEnd();
  return [render(header), render(widths.map((width) => '─'.repeat(width))), ...rows.map(render)].join('\n');
}

/** The aggregate table: point, metric, n, mean, sd and the 95 % interval (marked * when it is a single run's bootstrap). */
export function formatAggregate(rows: readonly AggregateRow[]): string {
  const table = textTable(['point', 'metric', 'n', 'mean', 'sd', '95 % CI'],
    rows.map((row) => [pointLabel(row.axes), row.metric, ...intervalCells(row), ...(row.method === 'bootstrap' ? ['*'] : [])]));
  return rows.some((row) => row.method === 'bootstrap') ? `${table}\n* one run: the bootstrap over its test examples, not an interval over seeds` : table;
}

/** The paired differences between phases of the same runs. */
export function formatDifferences(rows: readonly DifferenceRow[]): string {
  return textTable(['point', 'difference', 'n', 'mean', 'sd', '95 % CI'],
    rows.map((row) => [pointLabel(row.axes), `${row.of} − ${row.minus}: ${row.metric}`, ...intervalCells(row)]));
}

/** One block per claim: ✓ or ✗, its name, and each quantity judged with its interval and test. */
export function formatClaims(claims: readonly ClaimResult[]): string {
  return claims.map((claim) => [
    `${claim.holds ? '✓ holds' : '✗ FAILS'}: ${claim.name} (${claim.kind})`,
    ...claim.checks.map((check) => `    ${check.passed ? '✓' : '✗'} ${check.label} = ${number(check.mean)} ${interval(check)} (n ${check.n}): ${check.test}`),
  ].join('\n')).join('\n');
}

function intervalCells(row: Interval): string[] {
  return [String(row.n), number(row.mean), row.sd === null ? '—' : number(row.sd), interval(row)];
}

function interval(row: Interval): string {
  return row.low === null || row.high === null ? '—' : `[${number(row.low)}, ${number(row.high)}]`;
}

function number(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 1000 || (Math.abs(value) < 1e-3 && value !== 0) ? value.toExponential(3) : value.toFixed(4);
}
