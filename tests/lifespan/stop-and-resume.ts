// Runs a spec to its end, or stops it at an event and resumes it, in run stores under one folder: for tests that a resumed run writes what an uninterrupted one does.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isError, errors, prepareLifespan, runInStore, type LifespanEvent, type PluginRegistry } from '@ontogeny/core';

/** The bytes of a run's files, by name inside the run folder. */
export type RunFiles = Map<string, Buffer>;

export interface StopAndResume {
  /** The files of `spec` run without a stop, and the events the run emitted. */
  uninterrupted(spec: object): Promise<{ files: RunFiles; events: LifespanEvent[] }>;
  /** Runs `spec` into a fresh store, stops it when its `stopAt`-th event arrives, resumes it; the files and the checkpoint it resumed from. */
  stoppedAndResumed(spec: object, stopAt: number): Promise<{ files: RunFiles; resumedFrom: string | null }>;
}

/** Runs in stores under `work`, comparing `files` of the run folder. */
export function stopAndResume(registry: PluginRegistry, work: string, files: readonly string[]): StopAndResume {
  const prepare = (spec: object) => prepareLifespan({ spec, file: 'resume.test.json', registry });
  const read = (runDir: string): RunFiles => new Map(files.map((file) => [file, readFileSync(join(runDir, file))]));
  return {
    async uninterrupted(spec) {
      const { runDir } = await runInStore(join(work, 'reference'), await prepare(spec));
      const run = read(runDir);
      const events = readFileSync(join(runDir, 'events.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as LifespanEvent);
      return { files: run, events };
    },
    async stoppedAndResumed(spec, stopAt) {
      const store = join(work, `stopped-${stopAt}`);
      rmSync(store, { recursive: true, force: true });
      const stop = new AbortController();
      const first = runInStore(store, await prepare(spec), {
        signal: stop.signal,
        observe: (events) => {
          let seen = 0;
          events.subscribe({ next: () => { if (++seen === stopAt) stop.abort('the test stops it'); }, error: () => {} });
        },
      });
      await assert.rejects(first, (error) => isError(error, errors.RUN_ABORTED));
      const resumed = await runInStore(store, await prepare(spec), { resume: true });
      return { files: read(resumed.runDir), resumedFrom: resumed.resumedFrom };
    },
  };
}

/** Asserts every file of `expected` has the same bytes in `actual`; a text file that differs is shown as a diff. */
export function assertSameFiles(actual: RunFiles, expected: RunFiles, context: string): void {
  for (const [file, bytes] of expected) {
    const found = actual.get(file);
    if (found?.equals(bytes)) continue;
    assert.equal(found?.toString('utf8'), bytes.toString('utf8'), `${file} ${context}`);
    assert.fail(`${file} ${context}: the bytes differ`);
  }
}
