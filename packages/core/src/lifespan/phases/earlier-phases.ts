// The cross-check shared by phase kinds that name earlier phases in a list option (`between`, `among`).
import type { PhaseSpecBase } from '../../spec/spec.js';

/** One "at <path>/<i>: …" problem for each of `names` that is not an earlier phase's name. */
export function unknownEarlierPhases(names: readonly string[], earlier: readonly PhaseSpecBase[], path: string): string[] {
  const known = earlier.map((phase) => phase.name);
  return names.flatMap((name, index) => (known.includes(name) ? [] : [
    `at ${path}/${index}: no earlier phase is named "${name}" — expected one of ${known.map((n) => `"${n}"`).join(', ') || '(none)'}`,
  ]));
}
