// `--plugin` takes a module file, a package folder (by its exports or main) or an installed package's name, and a
// plugin outside any Ontogeny installation imports @ontogeny/core from the CLI's own copy.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../cli/run-cli.js';

const outside = mkdtempSync(join(tmpdir(), 'ontogeny-plugin-sources-'));

/** A schedule plugin written with `definePlugin` imported from @ontogeny/core, which its folder does not have. */
const pluginModule = (name: string) => `import { definePlugin } from '@ontogeny/core';
export default definePlugin({
  kind: 'schedule', name: '${name}', version: '0.3.0', core: '^0.1.0', source: 'a test', description: 'Holds \`to\` from the start.',
  options: { type: 'object', additionalProperties: false, required: ['to'],
    properties: { to: { type: 'number', minimum: 0, maximum: 1, description: 'The sparsity.' } } },
  create: (options) => ({ sparsityAt: () => options.to, events: () => [0] }),
});
`;

/** Writes a package `name` into `folder` with the given manifest fields; its module, at `entry`, defines a schedule named after it. */
function writePackage(folder: string, name: string, manifest: Record<string, unknown>, entry: string): string {
  mkdirSync(join(folder, entry, '..'), { recursive: true });
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name, version: '0.3.0', type: 'module', ...manifest }));
  writeFileSync(join(folder, entry), pluginModule(name.replace(/[@/]/g, '-').replace(/^-/, '')));
  return folder;
}

function listedSchedules(plugin: string, cwd: string): string {
  const result = runCli(['plugins', '--kind', 'schedule', '--plugin', plugin], cwd);
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

test('a package folder loads by its "exports", and its import of @ontogeny/core resolves from the CLI', () => {
  writePackage(join(outside, 'by-exports'), 'by-exports', { exports: { '.': { import: './lib/plugin.js' } } }, 'lib/plugin.js');
  assert.match(listedSchedules('./by-exports', outside), /by-exports 0\.3\.0/);
});

test('a package folder without "exports" loads by its "main"', () => {
  writePackage(join(outside, 'by-main'), 'by-main', { main: 'src/main.js' }, 'src/main.js');
  assert.match(listedSchedules(join(outside, 'by-main'), tmpdir()), /by-main 0\.3\.0/);
});

test('an installed package loads by its name from node_modules above the working folder', () => {
  const project = join(outside, 'project');
  writePackage(join(project, 'node_modules', '@lab', 'schedules'), '@lab/schedules', { exports: './index.js' }, 'index.js');
  mkdirSync(join(project, 'specs'), { recursive: true });
  assert.match(listedSchedules('@lab/schedules', join(project, 'specs')), /lab-schedules 0\.3\.0/);
});

test('a package folder whose entry file is missing exits 2 naming the file', () => {
  const folder = join(outside, 'broken-main');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'broken-main', main: 'gone.js' }));
  const result = runCli(['plugins', '--plugin', folder]);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /ONT_PLUGIN_LOAD_FAILED: .*gone\.js/);
});
