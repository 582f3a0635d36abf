// "Did you mean …?" for a misspelled name: the closest of the allowed names by edit distance, when it is close.
import { distance } from 'fastest-levenshtein';

/**
 * The allowed name nearest to `found` when it is within a third of the longer one's length (at least 1, at most 3
 * edits, ignoring case), else null.
 *
 * @example
 * closestName('evry', ['from', 'to', 'every']); // 'every'
 */
export function closestName(found: string, allowed: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const name of allowed) {
    const edits = distance(found.toLowerCase(), name.toLowerCase());
    if (edits < bestDistance) {
      best = name;
      bestDistance = edits;
    }
  }
  const longer = Math.max(found.length, best?.length ?? 0);
  // Between names of one or two letters every other name is one or two edits away: no suggestion says anything.
  if (best === null || longer < 3) return null;
  return bestDistance <= Math.min(3, Math.max(1, Math.floor(longer / 3))) ? best : null;
}

/** ` (did you mean "x"?)` for `found` among `allowed`, or nothing: the end of a message that names `found`. */
export function didYouMean(found: string, allowed: readonly string[]): string {
  const closest = closestName(found, allowed);
  return closest === null ? '' : ` (did you mean "${closest}"?)`;
}
