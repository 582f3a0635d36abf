// The phase-end checkpoints of a run folder that belong to its summary.json: listed there as finished, with the digest the file still has.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKPOINT_STALE, DATA_CORRUPT, DATA_MISSING } from '../errors.js';
import type { ModelState } from '../lifespan/state.js';
import { decodeCheckpoint } from './checkpoint-file.js';
import { SUMMARY_FILE, type Summary } from './run-directory.js';

/** The run folder's summary and the phases it lists as finished with a checkpoint, in order. */
export function finishedPhases(dir: string): { summary: Summary; phases: string[] } {
  const file = join(dir, SUMMARY_FILE);
  if (!existsSync(file)) throw DATA_MISSING(file, 'the run folder has no summary.json, so none of its checkpoints can be trusted — run the lifespan (again)');
  let summary: Summary;
  try {
    summary = JSON.parse(readFileSync(file, 'utf8')) as Summary;
  } catch (error) {
    throw DATA_CORRUPT(file, `not valid JSON — ${(error as Error).message}`);
  }
  const phases = summary.phases.map((phase) => phase.name).filter((name) => existsSync(checkpointFile(dir, name)));
  return { summary, phases };
}

/**
 * The end state of `phase`, after checking that summary.json lists the phase as finished and that the file is
 * the one it records (by SHA-256): a checkpoint left by an older or unfinished run of the folder is refused.
 */
export function readRunCheckpoint(dir: string, phase: string): ModelState {
  const { summary, phases } = finishedPhases(dir);
  const file = checkpointFile(dir, phase);
  const recorded = summary.phases.find((p) => p.name === phase);
  if (!recorded) {
    throw CHECKPOINT_STALE(file, `summary.json lists no finished phase "${phase}" — finished phases with checkpoints: ${phases.join(', ') || '(none)'}`);
  }
  if (!existsSync(file)) throw DATA_MISSING(file, `no checkpoint for phase "${phase}" — phases with checkpoints: ${phases.join(', ') || '(none)'}`);
  const bytes = readFileSync(file);
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  if (recorded.checkpoint !== undefined && recorded.checkpoint !== digest) {
    throw CHECKPOINT_STALE(file, `its digest is ${digest}, summary.json records ${recorded.checkpoint}`);
  }
  return decodeCheckpoint(bytes, file).state;
}

export function checkpointFile(dir: string, phase: string): string {
  return join(dir, 'checkpoints', `${phase}.ckpt`);
}
