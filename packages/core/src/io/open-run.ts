// Opens a finished run directory at one of its phases: the model rebuilt from the resolved spec, with that phase's checkpoint restored.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_CORRUPT, DATA_MISSING } from '../errors.js';
import { findTask } from '../lifespan/phases/continual-tasks.js';
import { prepareLifespan, type PreparedLifespan } from '../lifespan/prepare.js';
import { restoreState, type ModelState } from '../lifespan/state.js';
import type { PluginRegistry } from '../plugin/registry.js';
import { checkpointFile, finishedPhases, readRunCheckpoint } from './run-checkpoints.js';
import { specOfRunFolder, type Summary } from './run-directory.js';

export interface OpenRunOptions {
  readonly registry: PluginRegistry;
  /** The phase whose end state to restore; the last phase with a checkpoint by default. */
  readonly phase?: string;
  readonly dataDir?: string | null;
}

export interface OpenedRun {
  readonly prepared: PreparedLifespan;
  /** The hash the run was named by (from summary.json, else from the directory name). */
  readonly hash: string;
  readonly phase: string;
  /** The task the phase trained or evaluated (its head is the one to use), null for a phase without one. */
  readonly task: string | null;
  readonly state: ModelState;
  readonly summary: Summary | null;
}

/**
 * Rebuilds the model of the run in `dir` and restores the checkpoint of `options.phase`. A missing run,
 * phase or checkpoint is an input error naming the file and the phases that do have checkpoints; so is a
 * checkpoint that summary.json does not record (left by an older or unfinished run of the folder).
 *
 * @example
 * const run = await openRun('runs/quickstart-c6e422a43a', { registry, phase: 'aging' });
 * run.prepared.model.forward(batch, run.task!, { training: false });
 */
export async function openRun(dir: string, options: OpenRunOptions): Promise<OpenedRun> {
  const specFile = join(dir, 'spec.json');
  if (!existsSync(specFile)) throw DATA_MISSING(specFile, 'not a run directory (it has no spec.json) — give a folder written by `ontogeny run`');
  const spec = readJson(specFile) as Record<string, unknown>;
  const { summary, phases: saved } = finishedPhases(dir);
  const phaseNames = ((spec.phases ?? []) as Array<{ name: string; task?: string }>);
  const phase = options.phase ?? saved.at(-1);
  if (phase === undefined) throw DATA_MISSING(checkpointFile(dir, '(none)'), 'no phase of this run has finished with a checkpoint');
  // The checkpoint replaces every weight, so the pretrained file (a path relative to the original spec) is not needed
  const { pretrained: _unused, ...rebuilt } = specOfRunFolder(spec) as Record<string, unknown>;
  const prepared = await prepareLifespan({ spec: rebuilt, file: specFile, registry: options.registry, dataDir: options.dataDir ?? null });
  const state = readRunCheckpoint(dir, phase);
  const file = checkpointFile(dir, phase);
  restoreState(prepared.model, state, (task) => {
    const data = findTask(prepared.tasks, task);
    if (!data) throw DATA_CORRUPT(file, `the checkpoint has a head for task "${task}", which the spec does not define`);
    prepared.addHead(task);
  });
  const hash = summary?.hash ?? dir.replace(/\/+$/, '').split('/').at(-1)!.split('-').at(-1)!;
  return { prepared, hash, phase, task: taskOf(phaseNames, phase, summary), state, summary };
}

/** The task of `phase`: summary.json's record, else the spec's phase list (a phase inherits the previous phase's task). */
function taskOf(phases: ReadonlyArray<{ name: string; task?: string }>, phase: string, summary: Summary | null): string | null {
  const recorded = summary?.phases.find((p) => p.name === phase);
  if (recorded) return recorded.task;
  let task: string | null = null;
  for (const p of phases) {
    task = p.task ?? task;
    if (p.name === phase) return task;
  }
  return null;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw DATA_CORRUPT(file, `not valid JSON — ${(error as Error).message}`);
  }
}
