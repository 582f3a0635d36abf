// What a worker tells the processes it forks: the same for every job they take, passed in their environment.
import { JOB_SETTINGS_MISSING } from '../errors.js';

/** How a worker runs jobs. */
export interface WorkerSettings {
  /** The run store: the shared folder every worker and the study read and write. */
  readonly store: string;
  /** `--data`: where tasks look for their files on this machine. */
  readonly dataDir: string | null;
  readonly plugins: readonly string[];
}

const VARIABLE = 'ONTOGENY_WORKER_SETTINGS';

/** The environment variable that carries `settings` to a forked processor. */
export function workerSettingsEnvironment(settings: WorkerSettings): Record<string, string> {
  return { [VARIABLE]: JSON.stringify(settings) };
}

/** The settings of the worker that forked this process. */
export function readWorkerSettings(): WorkerSettings {
  const text = process.env[VARIABLE];
  if (!text) throw JOB_SETTINGS_MISSING(VARIABLE);
  return JSON.parse(text) as WorkerSettings;
}
