// Timing helpers for the benchmarks: warm up, repeat for a fixed budget, report the median; the machine's load.
import { availableParallelism, loadavg } from 'node:os';

/** Median milliseconds of `run`, after warm-up, repeated until `budgetMs` is spent (at least `minReps` times). */
export function medianMs(run: () => void, budgetMs = 40, minReps = 5, warmup = 3): number {
  for (let i = 0; i < warmup; i++) run();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < minReps || (performance.now() - start < budgetMs && times.length < 2000)) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** The same for an asynchronous call (ONNX Runtime's `run`). */
export async function medianMsAsync(run: () => Promise<unknown>, budgetMs = 40, minReps = 5, warmup = 3): Promise<number> {
  for (let i = 0; i < warmup; i++) await run();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < minReps || (performance.now() - start < budgetMs && times.length < 2000)) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** The middle value (the upper one of an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** "median (best)" of rates from several rounds, higher being better; "—" without any. */
export function medianAndBest(rates: readonly number[], digits = 0): string {
  const finite = rates.filter(Number.isFinite);
  if (finite.length === 0) return '—';
  return `${median(finite).toFixed(digits)} (${Math.max(...finite).toFixed(digits)})`;
}

/** The machine's load while measuring: 1-minute load average over its CPUs, for the lines beside the figures. */
export function machineLoad(): string {
  const [one] = loadavg();
  return `load average ${one.toFixed(2)} on ${availableParallelism()} CPUs`;
}

/** Pads cells into aligned columns. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: readonly string[]) => cells.map((cell, c) => cell.padStart(widths[c])).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
