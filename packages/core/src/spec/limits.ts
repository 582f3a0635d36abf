// Limits that keep a run allocatable and finite: a spec past them is refused before any work, with the limit named.

/** Steps of one phase (or of one re-tuning): ten million steps of the smallest network take hours. */
export const MAX_STEPS = 10_000_000;

/** Characters of a run, phase or task name: they become file names (with a hash and an extension appended). */
export const MAX_NAME_LENGTH = 100;
