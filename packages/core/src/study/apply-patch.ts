// Puts values into a copy of a lifespan spec at JSON pointers (RFC 6901), refusing pointers whose parent is not there.
import jsonpointer from 'jsonpointer';
import type { Json, Patch } from './study-spec.js';

/**
 * A deep copy of `spec` with each value of `patch` at its pointer. A pointer may replace or add a property of
 * an object that exists, or an element of an array that exists (or append with `-`); anything else is a typo
 * that would otherwise create a new branch of the spec silently, so it returns a problem instead.
 *
 * @example
 * applyPatch(spec, { '/phases/1/before/0/with/bits': 2 }); // { spec: …, problems: [] }
 */
export function applyPatch(spec: Readonly<Record<string, Json>>, patch: Patch): { spec: Record<string, Json>; problems: string[] } {
  const copy = structuredClone(spec) as Record<string, Json>;
  const problems: string[] = [];
  for (const [pointer, value] of Object.entries(patch)) {
    const problem = missingParent(copy, pointer);
    if (problem) problems.push(problem);
    else jsonpointer.set(copy, pointer, structuredClone(value));
  }
  return { spec: copy, problems };
}

/** Why `pointer` cannot be set in `spec`, or null when its parent exists. */
function missingParent(spec: Record<string, Json>, pointer: string): string | null {
  if (pointer === '') return 'the empty pointer would replace the whole spec — name a property';
  const cut = pointer.lastIndexOf('/');
  const parentPointer = pointer.slice(0, cut);
  const key = pointer.slice(cut + 1);
  const parent = (parentPointer === '' ? spec : jsonpointer.get(spec, parentPointer)) as Json | undefined;
  if (parent === undefined || parent === null || typeof parent !== 'object') {
    return `${pointer}: the base spec has nothing at ${parentPointer} to put "${key}" into`;
  }
  if (Array.isArray(parent) && key !== '-' && !(/^(0|[1-9][0-9]*)$/.test(key) && Number(key) <= parent.length)) {
    return `${pointer}: ${parentPointer} is a list of ${parent.length} — expected an index 0…${parent.length} or "-"`;
  }
  return null;
}
