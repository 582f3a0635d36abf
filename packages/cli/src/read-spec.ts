// Reads a spec file as JSON, reporting a missing file or a syntax error with its line and column.
import { readFileSync } from 'node:fs';
import { errors } from '@ontogeny/core';

/** The parsed JSON of `file`; SPEC_UNREADABLE (an input error) when it cannot be read or parsed. */
export function readSpec(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw errors.SPEC_UNREADABLE(file, code === 'ENOENT' ? 'no such file' : (error as Error).message);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const where = position ? ` at ${lineAndColumn(text, Number(position[1]))}` : '';
    throw errors.SPEC_UNREADABLE(file, `not valid JSON${where}: ${message}`);
  }
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}
