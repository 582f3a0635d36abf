#!/usr/bin/env node
// Runs every *.test.ts (or those under the paths given) with Node's test runner, against the TypeScript sources, one
// file per core at a time; the end-to-end tests run the built `ontogeny` command, so the packages are built first.
// `--node PATH` runs them (and every process they start) with another Node binary.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const nodeFlag = args.indexOf('--node');
const node = nodeFlag >= 0 ? resolve(root, args.splice(nodeFlag, 2)[1] ?? '') : process.execPath;
if (!existsSync(node)) {
  console.error(`--node: no Node binary at ${node} — run \`bash scripts/install.sh\` to install Node 24 and 22 in .tools/`);
  process.exit(2);
}
const roots = args.length > 0 ? args : ['packages', 'tests'];

function collect(path, found) {
  const stats = statSync(path);
  if (stats.isFile()) {
    if (path.endsWith('.test.ts')) found.push(path);
    return found;
  }
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue;
    collect(join(path, entry), found);
  }
  return found;
}

const files = roots.flatMap((path) => collect(join(root, path), [])).map((file) => relative(root, file)).sort();
if (files.length === 0) {
  console.error(`no *.test.ts files under ${roots.join(', ')}`);
  process.exit(1);
}
const build = spawnSync(join(root, 'node_modules/.bin/tsc'), ['-b'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('the packages do not build (`tsc -b` above), and the end-to-end tests run the build: fix the errors first');
  process.exit(build.status ?? 1);
}
// The spec reporter is for people; a TAP copy in a temporary file gives the counts for the closing line.
const tapDir = mkdtempSync(join(tmpdir(), 'ontogeny-test-'));
const tap = join(tapDir, 'results.tap');
const result = spawnSync(node, [
  '--conditions=ontogeny-source', '--import', 'tsx', '--test', `--test-concurrency=${availableParallelism()}`,
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=tap', `--test-reporter-destination=${tap}`,
  ...files,
], {
  cwd: root, stdio: 'inherit',
  // Child processes that tests start run `process.execPath`, so the Node asked for serves them too.
  env: { ...process.env, ORT_DISABLE_TELEMETRY: '1' },
});
const summary = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
rmSync(tapDir, { recursive: true, force: true });
const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(summary)?.[1] ?? 0);
const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
if (summary) console.log(`${count('pass')} passed, ${count('fail')} failed, ${count('skipped')} skipped (Node ${version})`);
process.exit(result.status ?? 1);
