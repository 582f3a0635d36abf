// @ontogeny/cli: the `ontogeny` command as a library, for tests and embedding.

/* Program */
export { runCli } from './cli.js';
export { executeRun } from './execute-run.js';
export type { ExecuteRunOptions } from './execute-run.js';

/* Studies beyond one machine */
export { resolveStudyRuns } from './scale-out/resolve-study-runs.js';
export type { ResolveOptions } from './scale-out/resolve-study-runs.js';
export type { StudyRun } from './scale-out/study-run.js';
export { runStudyOnQueue, showStudyStatus } from './scale-out/study-on-queue.js';
export type { StudyOnQueueOptions } from './scale-out/study-on-queue.js';
export type { RunStanding, RunState } from './scale-out/run-states.js';
export { openRunQueue, RUN_QUEUE_NAME } from './scale-out/run-queue.js';
export type { RunJobData, RunPointer } from './scale-out/run-queue.js';
export { enqueueRuns } from './scale-out/enqueue-runs.js';
export { runStandings } from './scale-out/run-states.js';
export { parseQueueUrl } from './scale-out/queue-url.js';
export { parseShard, shardOf, runsOfShard } from './scale-out/shard.js';
export type { Shard } from './scale-out/shard.js';

/* Errors */
export * as cliErrors from './errors.js';

/* Plugins */
export { loadRegistry } from './plugin-loading.js';

/* Studies */
export { loadStudy } from './study/load-study.js';
export type { LoadedStudy } from './study/load-study.js';
export { executeStudy } from './study/execute-study.js';
export type { ExecuteStudyOptions } from './study/execute-study.js';
