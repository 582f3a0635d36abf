// A run folder read through its files alone (spec.json, events.jsonl, summary.json), so the report and the live view work for any run: finished, failed, or still being written by another process.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { errors, type LifespanEvent, type Summary } from '@ontogeny/core';

/** What a run folder holds, as its files say now. */
export interface RunFiles {
  /** The folder, absolute. */
  readonly dir: string;
  /** The folder's name, `<name>-<hash>`. */
  readonly folder: string;
  /** The resolved spec, as written by `ontogeny run`. */
  readonly spec: Readonly<Record<string, unknown>>;
  /** Every complete line of events.jsonl, in order (none yet when the run has not written it). */
  readonly events: readonly LifespanEvent[];
  readonly summary: Summary | null;
}

/** Whether `dir` is a run folder (it has the spec.json that `ontogeny run` writes first). */
export function isRunFolder(dir: string): boolean {
  return existsSync(join(dir, 'spec.json'));
}

/**
 * Reads the run folder `dir`. A folder without spec.json is an input error naming it; a file that is not JSON is
 * one naming the file (and the line, for events.jsonl).
 */
export function readRunFiles(dir: string): RunFiles {
  const absolute = resolve(dir);
  if (!isRunFolder(absolute)) {
    throw errors.DATA_MISSING(join(absolute, 'spec.json'), 'not a run folder — give a folder written by `ontogeny run` (runs/<name>-<hash>/)');
  }
  const summaryFile = join(absolute, 'summary.json');
  return {
    dir: absolute,
    folder: basename(absolute),
    spec: readJson(join(absolute, 'spec.json')) as Record<string, unknown>,
    events: readEvents(join(absolute, 'events.jsonl')),
    summary: existsSync(summaryFile) ? readJson(summaryFile) as Summary : null,
  };
}

/** The events of an events.jsonl file; a last line without its newline is being written and is left for later. */
export function readEvents(file: string): LifespanEvent[] {
  if (!existsSync(file)) return [];
  return parseEventLines(readFileSync(file, 'utf8'), file);
}

/** Parses the complete lines of events.jsonl text (see readEvents); `file` names it in errors. */
export function parseEventLines(text: string, file: string): LifespanEvent[] {
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  return complete.split('\n').flatMap((line, index) => {
    if (line.length === 0) return [];
    try {
      return [JSON.parse(line) as LifespanEvent];
    } catch (error) {
      throw errors.DATA_CORRUPT(`${file}:${index + 1}`, `not a JSON event — ${(error as Error).message}`);
    }
  });
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw errors.DATA_CORRUPT(file, `not valid JSON — ${(error as Error).message}`);
  }
}
