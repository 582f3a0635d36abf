// `ontogeny run --serve`: the live view of the run this process is running, fed its events as they happen, kept up after the run until stopped.
import { basename, dirname } from 'node:path';
import type { Observable, Subscription } from 'rxjs';
import type { LifespanEvent } from '@ontogeny/core';
import { startLiveServer, type LiveServer } from './live-server.js';
import { RunFollower } from './run-follower.js';

/** A live view of one run of this process. */
export interface RunLiveView {
  readonly url: string;
  /** Feeds the view every event of the run. */
  follow(events: Observable<LifespanEvent>): Subscription;
  /** Keeps serving (the run has ended) until Ctrl-C or SIGTERM, then stops. */
  stayUp(say: (line: string) => void): Promise<void>;
}

/**
 * Starts the live view of the run that will be written to `runDir` (called before the run starts, so a port in
 * use stops it as bad input). The other run folders beside it are served too.
 */
export async function serveRun(runDir: string, port: number): Promise<RunLiveView> {
  const follower = new RunFollower(runDir);
  const server: LiveServer = await startLiveServer({ root: dirname(runDir), port, home: basename(runDir), own: follower });
  return {
    url: server.url,
    follow: (events) => events.subscribe({ next: (event) => follower.push(event) }),
    stayUp: (say) => holdUntilStopped(server, say),
  };
}

/** Serves until SIGINT or SIGTERM, then closes `server`. */
export function holdUntilStopped(server: LiveServer, say: (line: string) => void): Promise<void> {
  say(`live view at ${server.url} — Ctrl-C to stop\n`);
  return new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void server.close().then(done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
