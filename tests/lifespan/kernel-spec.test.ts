// The spec's `kernel` as a plugin reference: its options are validated and named in the run hash, and each run
// prepared in one process has its own kernel and scope, which the plugins it makes receive.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { definePlugin, errors, isError, nativeKernelPlugin, prepareLifespan, type PluginContext, type PluginRegistry } from '@ontogeny/core';
import { loadRegistry } from '@ontogeny/cli';

function spec(kernel: unknown): Record<string, unknown> {
  return {
    name: 'kernel-spec',
    kernel,
    model: { use: 'mlp', with: { hidden: [8] } },
    tasks: { a: { use: 'teacher', with: { train: 200, test: 50 } } },
    phases: [{ name: 'learn', kind: 'pretrain', task: 'a', steps: 2, batch: 16, optimizer: { use: 'sgd', with: { lr: 0.01 } } }],
  };
}

const prepare = (registry: PluginRegistry, kernel: unknown) => prepareLifespan({ spec: spec(kernel), file: 'kernel-spec.json', registry });

const probe = definePlugin({
  kind: 'lr-schedule', name: 'probe', version: '1.0.0', core: '^0.1.0', source: 'a test', description: 'Keeps what it was given.',
  options: { type: 'object', additionalProperties: false, properties: {} },
  inject: ['kernel', 'random'],
  create: (_options: Record<string, never>, context: PluginContext<'kernel' | 'random'>) => ({ factor: () => 1, context }),
});

test('a misspelled kernel option is refused at its JSON path, before anything runs', async () => {
  await assert.rejects(prepare(await loadRegistry(), { use: 'native', with: { layuot: 'csr' } }),
    (error: Error) => isError(error, errors.SPEC_INVALID) && /\/kernel\/with/.test(error.message) && /layuot/.test(error.message));
  await assert.rejects(prepare(await loadRegistry(), { use: 'gpu' }),
    (error: Error) => isError(error, errors.PLUGIN_UNKNOWN) && /at \/kernel\/use: no kernel plugin named "gpu"/.test(error.message));
});

test('a kernel named bare or as a reference with default options names the same run; other options another', { skip: nativeKernelPlugin.available() ?? false }, async () => {
  const registry = await loadRegistry();
  const bare = (await prepare(registry, 'native')).hash;
  assert.equal((await prepare(registry, { use: 'native' })).hash, bare);
  assert.equal((await prepare(registry, { use: 'native', with: { layout: 'cost-model' } })).hash, bare);
  const csr = (await prepare(registry, { use: 'native', with: { layout: 'csr' } })).hash;
  const oneThread = (await prepare(registry, { use: 'native', with: { threads: 1 } })).hash;
  assert.equal(new Set([bare, csr, oneThread]).size, 3);
});

test('two runs prepared in one process each have their own kernel, which the plugins they make receive', async () => {
  const registry = (await loadRegistry()).register('test', probe);
  const [first, second] = [await prepare(registry, 'reference'), await prepare(registry, 'reference')];
  assert.notEqual(first.kernel, second.kernel);
  const [a, b] = [first, second].map((run) => (run.create('lr-schedule', { use: 'probe' }) as unknown as { context: PluginContext<'kernel' | 'random'> }).context);
  assert.equal(a.kernel, first.kernel);
  assert.equal(b.kernel, second.kernel);
  // Same seed: the same stream in each run, and drawing in one does not move the other
  const streamA = a.random('draws');
  const drawnA = [streamA.uniform(), streamA.uniform()];
  assert.deepEqual([b.random('draws').uniform(), b.random('draws').uniform()], [drawnA[0], drawnA[0]]);
});
