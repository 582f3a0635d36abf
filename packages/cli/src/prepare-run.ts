// The preparation `run`, `resume` and `validate` share: the flags checked (each blamed by name), the spec read, every plugin, task and the model made.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { errors, prepareLifespan, specOfRunFolder, type PluginRegistry, type PreparedLifespan } from '@ontogeny/core';
import { withEvaluateEvents } from './evaluate-events.js';
import { loadRegistry } from './plugin-loading.js';
import { readSpec } from './read-spec.js';

/** The flags that shape a run. */
export interface PrepareFlags {
  readonly spec: string;
  readonly data?: string;
  /** `auto` or a registered kernel plugin's name (the flag's choices). */
  readonly kernel?: string;
  /** As typed: checked here, so that a bad value is blamed on the flag, not on the spec's `/seed`. */
  readonly seed?: string | number;
  readonly evaluateEvents?: boolean;
  /** The spec is a run folder's spec.json (`ontogeny resume`): its recorded data fingerprint is computed again. */
  readonly recorded?: boolean;
  readonly plugin: readonly string[];
  /** The registry of those plugins when the command line has loaded it already (to check --kernel); else loaded here. */
  readonly registry?: () => Promise<PluginRegistry>;
}

/** Everything `ontogeny run` checks before any work: input errors are thrown as OntogenyErrors of category 'input'. */
export async function prepareRun(flags: PrepareFlags): Promise<PreparedLifespan> {
  const seed = seedFlag(flags.seed);
  const dataDir = dataFlag(flags.data);
  const registry = await (flags.registry?.() ?? loadRegistry(flags.plugin));
  const read = readSpec(flags.spec);
  const spec = flags.recorded ? specOfRunFolder(read) : read;
  return prepareLifespan({
    spec: flags.evaluateEvents ? withEvaluateEvents(spec) : spec, file: flags.spec, registry,
    seed, kernel: flags.kernel, dataDir,
  });
}

function seedFlag(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  const seed = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(seed)) throw errors.OPTION_INVALID('--seed', 'a non-negative integer', JSON.stringify(String(value)));
  return seed;
}

function dataFlag(value: string | undefined): string | null {
  if (value === undefined) return null;
  const dir = resolve(value);
  if (!existsSync(dir)) throw errors.OPTION_INVALID('--data', 'a folder of data files', `${value} (no such file or folder)`);
  if (!statSync(dir).isDirectory()) throw errors.OPTION_INVALID('--data', 'a folder of data files', `${value} (a file)`);
  return dir;
}
