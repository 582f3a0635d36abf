// @ontogeny/cli: the `ontogeny` command as a library, for tests and embedding.

/* Program */
export { runCli } from './cli.js';
export { executeRun } from './execute-run.js';
export type { ExecuteRunOptions } from './execute-run.js';

/* Errors */
export * as cliErrors from './errors.js';

/* Plugins */
export { loadRegistry, kernelBackends } from './plugin-loading.js';

/* Studies */
export { loadStudy } from './study/load-study.js';
export type { LoadedStudy } from './study/load-study.js';
export { executeStudy } from './study/execute-study.js';
export type { ExecuteStudyOptions } from './study/execute-study.js';
