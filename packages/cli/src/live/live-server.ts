// The live view's HTTP server on the loopback address: the index of a runs folder, each run's page, its event stream and the page's script.
import { readdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, join, resolve } from 'node:path';
import { errors } from '@ontogeny/core';
import { lifespanTables } from '../report/lifespan-tables.js';
import { isRunFolder } from '../report/run-files.js';
import { LiveRun } from './live-run.js';
import { indexPage, LIVE_POLICY, LIVE_SCRIPT, livePage } from './live-page.js';
import { RunFollower } from './run-follower.js';

/** The only address the live view listens on: it serves local files to the local browser. */
export const LOOPBACK = '127.0.0.1';

export interface LiveServerOptions {
  /** The runs folder whose run folders are served (`ontogeny run --out`, or `ontogeny serve`'s argument). */
  readonly root: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** The run folder `/` leads to (default: `/` lists the runs). */
  readonly home?: string;
  /** The follower of a run of this process, fed with its events (its folder is in `root`). */
  readonly own?: RunFollower;
}

/** A listening live view. */
export interface LiveServer {
  /** http://127.0.0.1:PORT/ */
  readonly url: string;
  /** Ends every page's stream and stops listening. */
  close(): Promise<void>;
}

const FOLDER = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Starts serving `options.root`. A port that cannot be listened on is an input error (ONT_SERVE_FAILED) raised
 * before anything else happens, so `run --serve` fails before the run starts.
 */
export async function startLiveServer(options: LiveServerOptions): Promise<LiveServer> {
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw errors.SERVE_FAILED(`${LOOPBACK}:${options.port}`, 'the port is not an integer 0–65535');
  }
  const root = resolve(options.root);
  const runs = new Map<string, LiveRun>();
  const own = options.own ? new LiveRun(options.own) : null;
  if (own) runs.set(basename(options.own!.dir), own);

  const liveRun = (folder: string): LiveRun | null => {
    const known = runs.get(folder);
    if (known) return known;
    if (!FOLDER.test(folder) || !isRunFolder(join(root, folder))) return null;
    const run = new LiveRun(new RunFollower(join(root, folder)).start());
    runs.set(folder, run);
    return run;
  };
  // A folder followed from its files is let go once no page watches it
  const leave = (folder: string) => () => {
    const run = runs.get(folder);
    if (run && run !== own && run.watchers === 0) {
      run.close();
      run.follower.stop();
      runs.delete(folder);
    }
  };

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    } catch {
      return send(response, 400, 'text/plain', 'malformed address');
    }
    const [, top, folder, rest, ...more] = path.split('/');
    if (request.method !== 'GET') return send(response, 405, 'text/plain', 'only GET');
    if (path === '/live.js') return send(response, 200, 'text/javascript', LIVE_SCRIPT);
    if (path === '/' && options.home) return redirect(response, `/runs/${encodeURIComponent(options.home)}/`);
    if (path === '/') return send(response, 200, 'text/html', indexPage(root, listRuns(root)));
    if (top !== 'runs' || folder === undefined || more.length > 0) return send(response, 404, 'text/plain', `no page at ${path}`);
    const run = liveRun(folder);
    if (!run) return send(response, 404, 'text/plain', `no run folder ${folder} in ${root}`);
    if (rest === undefined) return redirect(response, `/runs/${encodeURIComponent(folder)}/`);
    if (rest === '') return send(response, 200, 'text/html', livePage(folder));
    if (rest === 'events') return run.watch(response, leave(folder));
    return send(response, 404, 'text/plain', `no page at ${path}`);
  };

  const server = createServer(handle);
  await new Promise<void>((done, fail) => {
    server.once('error', (error: NodeJS.ErrnoException) => fail(errors.SERVE_FAILED(`${LOOPBACK}:${options.port}`, error.code === 'EADDRINUSE' ? 'the port is in use' : error.message)));
    server.listen(options.port, LOOPBACK, done);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${LOOPBACK}:${port}/`,
    close: () => new Promise<void>((done) => {
      for (const run of runs.values()) {
        run.close();
        run.follower.stop();
      }
      server.close(() => done());
      server.closeAllConnections();
    }),
  };
}

/** The run folders directly in `root`, newest name last, with their status as their events say. */
function listRuns(root: string): Array<{ folder: string; status: string }> {
  let names: string[];
  try {
    names = readdirSync(root).filter((name) => FOLDER.test(name) && isRunFolder(join(root, name))).sort();
  } catch {
    return [];
  }
  return names.map((folder) => {
    const follower = new RunFollower(join(root, folder));
    follower.refresh();
    return { folder, status: lifespanTables(follower.events).status };
  });
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store', 'content-security-policy': LIVE_POLICY });
  response.end(body);
}

function redirect(response: ServerResponse, location: string): void {
  response.writeHead(302, { location });
  response.end();
}
