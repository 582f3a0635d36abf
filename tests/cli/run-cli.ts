// Runs the `ontogeny` command from its TypeScript sources in a child process, for end-to-end tests.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));
const main = fileURLToPath(new URL('../../packages/cli/src/main.ts', import.meta.url));

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `ontogeny ...args` in `cwd`, waiting for it to end. */
export function runCli(args: readonly string[], cwd = repositoryRoot): CliResult {
  const result = spawnSync(process.execPath, ['--conditions=ontogeny-source', '--import', 'tsx', main, ...args], {
    cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' }, timeout: 300_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
