// A third-party plugin package written outside the repository runs in a lifespan through --plugin; broken ones fail clearly.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { readSummary, runCli, runToDirectory } from '../cli/run-cli.js';

const outside = mkdtempSync(join(tmpdir(), 'ontogeny-third-party-'));

/** The plugin module's source; `patch` edits the definition's text to break it. */
function pluginSource(patch: (definition: string) => string = (text) => text): string {
  const definition = `{
    kind: 'schedule',
    name: 'halfway',
    version: '1.2.0',
    core: '^0.1.0',
    source: 'a worked example of a third-party plugin',
    description: 'Prunes to the target in one event at the middle of the phase.',
    options: {
      type: 'object', additionalProperties: false, required: ['to'],
      properties: { to: { type: 'number', minimum: 0, maximum: 1, description: 'Final sparsity.' } },
    },
    create: (options) => ({
      sparsityAt: (step, total) => (step >= Math.floor(total / 2) ? options.to : 0),
      events: (total) => [Math.floor(total / 2)],
    }),
  }`;
  return `export const plugins = [${patch(definition)}];\n`;
}

/** Writes a package folder `name` with the given module source; returns its path. */
function writePackage(name: string, source: string): string {
  const folder = join(outside, name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: `ontogeny-plugin-${name}`, version: '1.0.0', type: 'module', main: 'index.js' }));
  writeFileSync(join(folder, 'index.js'), source);
  return join(folder, 'index.js');
}

function spec(schedule: Record<string, unknown>): string {
  const file = join(outside, `spec-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify({
    name: 'third-party',
    model: { use: 'mlp', with: { hidden: [16] } },
    tasks: { a: { use: 'teacher', with: { train: 500, test: 200 } } },
    phases: [
      { name: 'pretrain', kind: 'pretrain', task: 'a', steps: 20, batch: 32, optimizer: { use: 'sgd', with: { lr: 0.05 } } },
      { name: 'age', kind: 'prune', steps: 40, schedule, criterion: { use: 'magnitude' } },
    ],
  }));
  return file;
}

test('a plugin package outside the repository runs in a lifespan, and its options join validation', () => {
  const plugin = writePackage('good', pluginSource());
  const out = join(outside, 'runs');
  const summary = readSummary(runToDirectory(spec({ use: 'halfway', with: { to: 0.5 } }), out, ['--plugin', plugin]));
  assert.equal(summary.phases[1].density.fc1, 0.5);
  const listed = runCli(['plugins', '--kind', 'schedule', '--plugin', plugin]);
  assert.match(listed.stdout, /halfway 1\.2\.0/);
  assert.match(listed.stdout, /from .*good/);
  const invalid = runCli(['validate', spec({ use: 'halfway', with: { to: 2 } }), '--plugin', plugin]);
  assert.equal(invalid.status, 2);
  assert.match(invalid.stderr, /\(plugin "halfway"\): out of range/);
});

const broken: Array<[string, (definition: string) => string, RegExp]> = [
  ['duplicate name', (text) => text.replace("name: 'halfway'", "name: 'cubic'"), /ONT_PLUGIN_DUPLICATE.*"cubic"/],
  ['wrong kind', (text) => text.replace("kind: 'schedule'", "kind: 'scheduler'"), /ONT_PLUGIN_INVALID: plugin scheduler\/halfway.*kind "scheduler" is not a plugin kind/],
  ['bad schema', (text) => text.replace("type: 'number', minimum: 0", "type: 'numeric', minimum: 0"), /ONT_PLUGIN_INVALID: plugin schedule\/halfway.*options schema does not compile/],
  ['incompatible version', (text) => text.replace("core: '^0.1.0'", "core: '^2.0.0'"), /ONT_PLUGIN_INCOMPATIBLE: plugin schedule\/halfway.*\^2\.0\.0/],
  ['undescribed option', (text) => text.replace("description: 'Final sparsity.'", "title: 'x'"), /ONT_PLUGIN_INVALID.*option "to" has no description/],
];

for (const [name, patch, message] of broken) {
  test(`a broken plugin (${name}) exits 2 naming the plugin, without a stack trace`, () => {
    const plugin = writePackage(name.replace(/ /g, '-'), pluginSource(patch));
    const result = runCli(['validate', spec({ use: 'halfway', with: { to: 0.5 } }), '--plugin', plugin]);
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, message);
    assert.doesNotMatch(result.stderr, /^\s+at .*:\d+:\d+\)?$/m);
  });
}

test('a plugin that throws while loading, and a missing one, exit 2 naming the source', () => {
  const throwing = writePackage('throws', "throw new Error('boom at load');\n");
  const result = runCli(['plugins', '--plugin', throwing]);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /ONT_PLUGIN_LOAD_FAILED: cannot load plugins from .*throws.*boom at load/);
  const missing = runCli(['plugins', '--plugin', 'ontogeny-plugin-that-does-not-exist']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /ONT_PLUGIN_LOAD_FAILED.*no such package/);
});

/** A kernel plugin package: the reference kernel behind a call counter, reported per phase through formatReport. */
const COUNTING_KERNEL = `import { KERNEL_OPS, ReferenceKernel, definePlugin } from '@ontogeny/core';

class CountingKernel {
  name = 'counting';
  description = 'The reference kernel, counting the calls of each op.';
  calls = {};
  constructor() {
    const inner = new ReferenceKernel();
    for (const op of KERNEL_OPS) {
      this[op] = (...args) => {
        this.calls[op] = (this.calls[op] ?? 0) + 1;
        return inner[op](...args);
      };
    }
  }
  formatReport() {
    const report = Object.fromEntries(Object.entries(this.calls).map(([op, count]) => ['calls ' + op, String(count)]));
    this.calls = {};
    return report;
  }
}

export default definePlugin({
  kind: 'kernel', name: 'counting', version: '1.0.0', core: '^0.1.0',
  source: 'a worked example of a third-party kernel',
  description: 'The reference kernel behind a call counter.',
  options: { type: 'object', additionalProperties: false, properties: {} },
  priority: 1,
  available: () => null,
  create: () => new CountingKernel(),
});
`;

test('a third-party kernel plugin loads through --plugin, is listed with the kernels, and computes a lifespan', () => {
  const plugin = writePackage('counting-kernel', COUNTING_KERNEL);
  const listed = runCli(['plugins', '--kind', 'kernel', '--plugin', plugin]);
  assert.match(listed.stdout, /counting 1\.0\.0 {2}— The reference kernel behind a call counter\. {2}\[priority 1\]/);
  // Chosen with --kernel: the package is loaded before the flag's choices are checked, and --help lists it
  assert.match(runCli(['run', '--help', '--plugin', plugin]).stdout, /--kernel .*\[choices: "auto", "counting", "native", "reference"\]/);
  const folder = runToDirectory(spec({ use: 'cubic', with: { to: 0.5 } }), join(outside, 'runs-counting'), ['--plugin', plugin, '--kernel', 'counting']);
  const summary = readSummary(folder);
  assert.equal(summary.kernel, 'counting');
  // Named in the spec instead, it is the same run
  const file = spec({ use: 'cubic', with: { to: 0.5 } });
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), kernel: 'counting' }));
  const named = runCli(['validate', file, '--plugin', plugin, '--json']);
  assert.equal(named.status, 0, named.stderr);
  assert.equal(JSON.parse(named.stdout).runFolder, basename(folder));
  const [pretrain, age] = summary.phases;
  // Plain SGD on the MLP's four parameters (fc1 and the head, weight and bias), once per parameter and step
  assert.equal(pretrain.formats?.['calls sgdStep'], String(20 * 4));
  assert.ok(Number(pretrain.formats?.['calls maskedForward']) >= 2 * 20, JSON.stringify(pretrain.formats));
  assert.ok(Number(age.formats?.['calls maskedForward']) > 0, JSON.stringify(age.formats));
});

test('a kernel plugin whose kernel lacks an op is refused at registration, naming the op and the plugin', () => {
  const plugin = writePackage('lacking-kernel', COUNTING_KERNEL.replace("for (const op of KERNEL_OPS) {", "for (const op of KERNEL_OPS.filter((name) => name !== 'attention')) {"));
  const result = runCli(['plugins', '--plugin', plugin]);
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, /ONT_PLUGIN_INVALID: plugin kernel\/counting from .*lacking-kernel.*lacks the op attention/);
});
