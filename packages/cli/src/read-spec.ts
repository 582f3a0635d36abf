// Reads a spec file as JSON, reporting a missing file or a syntax error with its line and column.
import { readFileSync } from 'node:fs';
import { errors } from '@ontogeny/core';

/** The parsed JSON of `file` (a byte-order mark ignored); SPEC_UNREADABLE (an input error) when it cannot be read or parsed, or nests absurdly deep. */
export function readSpec(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw errors.SPEC_UNREADABLE(file, code === 'ENOENT' ? 'no such file' : (error as Error).message);
  }
  // Editors on Windows save UTF-8 with a byte-order mark; it is not part of the JSON
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const where = position ? ` at ${lineAndColumn(text, Number(position[1]))}` : '';
    throw errors.SPEC_UNREADABLE(file, `not valid JSON${where}: ${message}`);
  }
  const tooDeep = deeperThan(parsed, MAX_DEPTH);
  if (tooDeep !== null) throw errors.SPEC_UNREADABLE(file, `nested deeper than ${MAX_DEPTH} levels at ${tooDeep} — a spec is a few levels deep`);
  return parsed;
}

/** Deeper than any spec needs, and shallow enough for every recursive step after parsing (validation, hashing). */
const MAX_DEPTH = 64;

/** The JSON path of the first value nested deeper than `limit`, or null; iterative, so any depth is safe. */
function deeperThan(value: unknown, limit: number): string | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value: current, path, depth } = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= limit) return path || '/';
    for (const [key, child] of Object.entries(current)) stack.push({ value: child, path: `${path}/${key}`, depth: depth + 1 });
  }
  return null;
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}
