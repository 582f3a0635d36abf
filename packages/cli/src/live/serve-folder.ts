// `ontogeny serve`'s work: the live view of a runs folder (or of one run folder, which `/` then leads to), up until Ctrl-C.
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { errors } from '@ontogeny/core';
import { isRunFolder } from '../report/run-files.js';
import { startLiveServer } from './live-server.js';
import { holdUntilStopped } from './serve-run.js';

/** Serves `dir` on `port` until SIGINT or SIGTERM; a folder that does not exist is an input error naming it. */
export async function serveFolder(dir: string, port: number, say: (line: string) => void): Promise<void> {
  const path = resolve(dir);
  if (!existsSync(path) || !statSync(path).isDirectory()) throw errors.DATA_MISSING(path, 'give a runs folder (like runs/) or a run folder written by `ontogeny run`');
  const one = isRunFolder(path);
  const server = await startLiveServer({ root: one ? dirname(path) : path, port, home: one ? basename(path) : undefined });
  await holdUntilStopped(server, say);
}
