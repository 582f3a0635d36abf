// How the CLI ends: 0 on success, 2 for bad input, 1 for a failed run, 3 for a study claim that fails, 130 on Ctrl-C; a message for people, a stack only with --debug.
import { errors, OntogenyError } from '@ontogeny/core';

export const EXIT_OK = 0;
export const EXIT_RUN_FAILED = 1;
export const EXIT_BAD_INPUT = 2;
/** A study ran, and one of its claims does not hold. */
export const EXIT_CLAIM_FAILED = 3;
/** Stopped by Ctrl-C (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;

/** Prints `error` for a person and returns the exit code it calls for. */
export function reportFailure(error: unknown, debug: boolean): number {
  if (error instanceof OntogenyError) {
    process.stderr.write(`${error.message}\n`);
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
    return error.category === 'input' ? EXIT_BAD_INPUT : EXIT_RUN_FAILED;
  }
  const internal = errors.INTERNAL(error instanceof Error ? error.message : String(error));
  process.stderr.write(`${internal.message}\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return EXIT_RUN_FAILED;
}
