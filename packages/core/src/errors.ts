// The catalogue of @ontogeny/core errors: a stable code and a message that says what is wrong, where, and what would be right.
import { didYouMean } from './spec/did-you-mean.js';

/** An error meant for a person: `code` is stable (tests assert on it), `message` is the wording. */
export class OntogenyError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** 'input' errors are the user's to fix (the CLI exits 2); 'run' errors are failures of a run (exit 1). */
    readonly category: 'input' | 'run',
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${message}`, options);
    this.name = 'OntogenyError';
  }
}

/** A catalogued error: a factory of OntogenyErrors that carries their code and category. */
export interface ErrorDefinition<A extends unknown[]> {
  readonly code: string;
  readonly category: 'input' | 'run';
  (...args: A): OntogenyError;
}

/** Defines a catalogued error: `defineError('ONT_X', 'input', (a, b) => ...)` returns a factory carrying its code. */
export function defineError<A extends unknown[]>(
  code: string,
  category: 'input' | 'run',
  message: (...args: A) => string,
): ErrorDefinition<A> {
  const factory = (...args: A) => new OntogenyError(code, message(...args), category);
  return Object.assign(factory, { code, category });
}

/** Whether `error` is an OntogenyError with the code of `definition`. */
export function isError(error: unknown, definition: { code: string }): error is OntogenyError {
  return error instanceof OntogenyError && error.code === definition.code;
}

export const SPEC_INVALID = defineError('ONT_SPEC_INVALID', 'input',
  (file: string, details: string) => `${file}: the spec does not match its schema\n${details}`);
export const SPEC_UNREADABLE = defineError('ONT_SPEC_UNREADABLE', 'input',
  (file: string, reason: string) => `${file}: cannot read the spec — ${reason}`);
export const PLUGIN_UNKNOWN = defineError('ONT_PLUGIN_UNKNOWN', 'input',
  (kind: string, name: string, known: readonly string[], where?: string, otherProblems?: string) =>
    `${where ? `${where}: ` : ''}no ${kind} plugin named "${name}"${didYouMean(name, known)} — expected one of ` +
    `${known.join(', ') || '(none registered)'}, or load the package that has it with --plugin <file | folder | package name>` +
    (otherProblems ? `\nevery problem of the spec:\n${otherProblems}` : ''));
export const PLUGIN_INVALID = defineError('ONT_PLUGIN_INVALID', 'input',
  (plugin: string, reason: string) => `plugin ${plugin}: ${reason}`);
export const PLUGIN_DUPLICATE = defineError('ONT_PLUGIN_DUPLICATE', 'input',
  (kind: string, name: string, first: string, second: string) =>
    `two ${kind} plugins are named "${name}" (from ${first} and from ${second}) — rename one`);
export const PLUGIN_INCOMPATIBLE = defineError('ONT_PLUGIN_INCOMPATIBLE', 'input',
  (plugin: string, range: string, core: string) =>
    `plugin ${plugin} supports @ontogeny/core ${range}, but this is ${core} — use a version of the plugin made for ${core}`);
export const PLUGIN_DEPENDENCY = defineError('ONT_PLUGIN_DEPENDENCY', 'input',
  (plugin: string, needs: string, problem: string) => `plugin ${plugin} needs ${needs}, which ${problem}`);
export const PLUGIN_LOAD_FAILED = defineError('ONT_PLUGIN_LOAD_FAILED', 'input',
  (source: string, reason: string) => `cannot load plugins from ${source}: ${reason}`);
export const DATA_MISSING = defineError('ONT_DATA_MISSING', 'input',
  (path: string, hint: string) => `${path}: not found — ${hint}`);
export const DATA_CORRUPT = defineError('ONT_DATA_CORRUPT', 'input',
  (path: string, reason: string) => `${path}: ${reason}`);
export const SHAPE_MISMATCH = defineError('ONT_SHAPE_MISMATCH', 'input',
  (where: string, expected: string, found: string) => `${where}: expected shape ${expected}, found ${found}`);
export const KERNEL_UNAVAILABLE = defineError('ONT_KERNEL_UNAVAILABLE', 'input',
  (name: string, reason: string) => `kernel "${name}" is not available: ${reason}`);
export const RUN_ABORTED = defineError('ONT_RUN_ABORTED', 'run',
  (reason: string) => `the run was aborted: ${reason}`);
export const RUN_FAILED = defineError('ONT_RUN_FAILED', 'run',
  (phase: string, reason: string) => `phase "${phase}" failed: ${reason}`);
export const OPTION_INVALID = defineError('ONT_OPTION_INVALID', 'input',
  (option: string, expected: string, found: string) => `${option}: expected ${expected}, found ${found}`);
export const PLUGIN_FAILED = defineError('ONT_PLUGIN_FAILED', 'run',
  (plugin: string, phase: string, reason: string) => `plugin ${plugin} failed in phase "${phase}": ${reason}`);
export const RUN_LOCKED = defineError('ONT_RUN_LOCKED', 'input',
  (dir: string, writer: string) => `${dir}: another process is writing this run (${writer}) — wait for it to end, or stop it and then --resume`);
export const RUN_INTERRUPTED = defineError('ONT_RUN_INTERRUPTED', 'input',
  (dir: string, state: string) => `${dir}: holds a run that did not finish (${state}) — give --resume to continue it from its latest checkpoint, or --force to clear the folder and start again`);
export const RUN_STORE_UNUSABLE = defineError('ONT_RUN_STORE_UNUSABLE', 'input',
  (dir: string, reason: string) => `${dir}: cannot hold run folders — ${reason}`);
export const CHECKPOINT_STALE = defineError('ONT_CHECKPOINT_STALE', 'input',
  (file: string, reason: string) => `${file}: does not belong to the run its folder's summary.json describes — ${reason}`);
export const ONNX_INVALID = defineError('ONT_ONNX_INVALID', 'input',
  (file: string, reason: string) => `${file}: not a readable ONNX model — ${reason}`);
export const ONNX_UNSUPPORTED = defineError('ONT_ONNX_UNSUPPORTED', 'input',
  (file: string, where: string, reason: string) => `${file}: ${where}: ${reason}`);
export const ONNX_MISMATCH = defineError('ONT_ONNX_MISMATCH', 'run',
  (file: string, difference: number, tolerance: number) =>
    `${file}: ONNX Runtime disagrees with Ontogeny's forward pass — largest relative difference ${difference.toExponential(2)} exceeds ${tolerance.toExponential(0)}`);
export const SERVE_FAILED = defineError('ONT_SERVE_FAILED', 'input',
  (address: string, reason: string) => `cannot serve the live view at ${address}: ${reason} — give another port (--serve 0 or --port 0 picks a free one)`);
export const STUDY_INVALID = defineError('ONT_STUDY_INVALID', 'input',
  (file: string, details: string) => `${file}: the study does not hold together\n${details}`);
export const INTERNAL = defineError('ONT_INTERNAL', 'run',
  (message: string) => `internal error: ${message} — a bug in Ontogeny or a plugin; run again with --debug for the stack and report it`);
