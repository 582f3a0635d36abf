// Follows one run folder as it is written: the events of events.jsonl (watched), or of the run in this process when it feeds them.
import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { LifespanEvent } from '@ontogeny/core';
import { readEvents } from '../report/run-files.js';

/** How often the file is read again when no change notice came (notices can be missed on some file systems). */
const POLL_MS = 1000;

/**
 * The event stream of a run so far. Each event is appended to events.jsonl as a whole line as it happens (a
 * resumed run first cuts the file back to its checkpoint), so its complete lines are a prefix of the stream: new
 * lines are appended to what is known. A run in this process
 * feeds its events as they happen (`push`), ahead of the file, which is then only a lagging copy.
 */
export class RunFollower {
  private readonly known: LifespanEvent[] = [];
  private readonly listeners = new Set<() => void>();
  private watcher: FSWatcher | null = null;
  private poll: NodeJS.Timeout | null = null;
  private fed = false;

  constructor(readonly dir: string) {}

  /** The events so far, in order. */
  get events(): readonly LifespanEvent[] {
    return this.known;
  }

  /** Starts watching the folder (and reads it once now). */
  start(): this {
    this.refresh();
    if (!this.watcher) {
      // The folder, not the file: an atomic rename replaces the file a watch on it would follow
      this.watcher = watch(this.dir, (_type, file) => {
        if (file === null || file === 'events.jsonl') this.refresh();
      });
      this.watcher.on('error', () => this.stopWatching());
      this.poll = setInterval(() => this.refresh(), POLL_MS).unref();
    }
    return this;
  }

  /** Calls `listener` after every change of the events; returns a function that removes it. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Appends an event of the run in this process (the file is then no longer read). */
  push(event: LifespanEvent): void {
    this.fed = true;
    this.known.push(event);
    this.changed();
  }

  /** Reads events.jsonl again and takes what is new. */
  refresh(): void {
    if (this.fed) return;
    let events: LifespanEvent[];
    try {
      events = readEvents(join(this.dir, 'events.jsonl'));
    } catch {
      return; // a file caught mid-write by a writer that does not rename; the next notice reads it whole
    }
    if (events.length === this.known.length) return;
    // Fewer lines than known: the folder holds a new run (a resumed or repeated one), so start over
    if (events.length < this.known.length) this.known.length = 0;
    this.known.push(...events.slice(this.known.length));
    this.changed();
  }

  /** Stops watching; the events stay readable. */
  stop(): void {
    this.stopWatching();
    this.listeners.clear();
  }

  private stopWatching(): void {
    this.watcher?.close();
    this.watcher = null;
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
