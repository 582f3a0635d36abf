// Runs the built `ontogeny` command (packages/cli/dist, which scripts/test.mjs builds first) in a child process, for end-to-end tests.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Summary } from '@ontogeny/core';

export const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));
// The build rather than the sources under tsx: tsx's module hooks cost a child a second or more of start-up, and the
// end-to-end tests start a few hundred children (and study workers, each a thread or process of its own).
const main = fileURLToPath(new URL('../../packages/cli/dist/main.js', import.meta.url));
if (!existsSync(main)) throw new Error(`${main} is missing: build the packages (\`pnpm build\`), or run the tests through \`node scripts/test.mjs\`, which builds them first`);

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `ontogeny ...args` in `cwd`, waiting for it to end; `env` is added to this process's environment for the child. */
export function runCli(args: readonly string[], cwd = repositoryRoot, env: NodeJS.ProcessEnv = {}): CliResult {
  const result = spawnSync(process.execPath, [main, ...args], {
    cwd, encoding: 'utf8', env: { ...process.env, ...env, CI: 'true' }, timeout: 300_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `ontogeny ...args` started in the background (a server, a run to watch); the caller ends it. */
export function startCli(args: readonly string[], cwd = repositoryRoot): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [main, ...args], { cwd, env: { ...process.env, CI: 'true' } });
}

/** `ontogeny run spec ...extra --out out --quiet`, asserted to succeed; returns the run directory it names. */
export function runToDirectory(spec: string, out: string, extra: readonly string[] = [], env: NodeJS.ProcessEnv = {}): string {
  const result = runCli(['run', spec, ...extra, '--out', out, '--quiet'], repositoryRoot, env);
  assert.equal(result.status, 0, result.stderr);
  const named = /results in (.+)\/ \(/.exec(result.stdout)?.[1];
  assert.ok(named, `the run names its folder: ${result.stdout}`);
  return named;
}

/** The run folders in a runs folder (its runs.csv index left out), sorted. */
export function runFolders(out: string): string[] {
  return readdirSync(out, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

/** The summary.json of a run directory. */
export function readSummary(dir: string): Summary {
  return JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
}
