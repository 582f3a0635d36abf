// `validate --json`'s verdict on an invalid spec: the error's code, and each problem with its JSON path.
import { OntogenyError } from '@ontogeny/core';

export interface ValidationFailure {
  readonly file: string;
  readonly valid: false;
  readonly code: string;
  readonly message: string;
  /** One entry per "at <JSON path>: <what>" line of the message. */
  readonly problems: ReadonlyArray<{ readonly path: string; readonly message: string }>;
}

// The catalogue's spec messages list each problem as "  at <JSON path>[ (plugin …)]: <what>".
const PROBLEM_LINE = /^\s*at (\/[^\s:]*)(?: \([^)]*\))?: (.*)$/;

/** The JSON form of `error`, thrown while validating `file`. */
export function validationFailure(file: string, error: unknown): ValidationFailure {
  const code = error instanceof OntogenyError ? error.code : 'ONT_INTERNAL';
  const message = error instanceof Error ? error.message : String(error);
  const problems = message.split('\n').flatMap((line) => {
    const match = PROBLEM_LINE.exec(line);
    return match ? [{ path: match[1]!, message: match[2]! }] : [];
  });
  return { file, valid: false, code, message, problems };
}
