// The catalogue of @ontogeny/cli errors: those of running studies beyond one machine (the queue, shards).
import { defineError } from '@ontogeny/core';

export const QUEUE_URL_INVALID = defineError('ONT_QUEUE_URL_INVALID', 'input',
  (flag: string, url: string, reason: string) =>
    `${flag} ${url}: ${reason} — expected redis://[user:password@]HOST:PORT[/DB], e.g. redis://127.0.0.1:6379/0`);
export const QUEUE_UNREACHABLE = defineError('ONT_QUEUE_UNREACHABLE', 'input',
  (url: string, reason: string) => `cannot reach the queue at ${url}: ${reason}`);
export const QUEUE_AUTH_FAILED = defineError('ONT_QUEUE_AUTH_FAILED', 'input',
  (url: string, reason: string) =>
    `the queue at ${url} refused the credentials: ${reason} — give the user and password in the URL (redis://user:password@HOST:PORT)`);
export const SHARD_INVALID = defineError('ONT_SHARD_INVALID', 'input',
  (value: string, reason: string) => `--shard ${value}: ${reason}`);
export const JOB_SPEC_MISMATCH = defineError('ONT_JOB_SPEC_MISMATCH', 'input',
  (job: string, resolved: string) =>
    `queued run ${job} resolves to hash ${resolved} on this worker — the worker and the study must load the same plugins (--plugin) at the same versions and read the same data files`);
export const JOB_SETTINGS_MISSING = defineError('ONT_JOB_SETTINGS_MISSING', 'run',
  (variable: string) => `$${variable} is not set — a run processor is started by \`ontogeny worker\`, not on its own`);
export const OPTION_INVALID = defineError('ONT_OPTION_INVALID', 'input',
  (flag: string, found: string, expected: string) => `${flag} ${found}: expected ${expected}`);
