// The registry's checks at registration (a kernel's ops, dependencies) and its run scopes (what each plugin receives).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isError, PLUGIN_DEPENDENCY, PLUGIN_INVALID } from '../errors.js';
import type { Kernel } from '../kernel/contract.js';
import { ReferenceKernel } from '../kernel/reference/reference-kernel.js';
import { RunEventChannel } from '../lifespan/run-events.js';
import { definePlugin, type PluginContext, type ServiceName } from './define-plugin.js';
import { PluginRegistry } from './registry.js';

/** An lr-schedule plugin whose product records the context it was made with. */
function probe(name: string, needs: { inject?: readonly ServiceName[]; dependencies?: readonly string[] } = {}) {
  return definePlugin({
    kind: 'lr-schedule', name, version: '1.0.0', core: '^0.1.0', source: 'a test', description: 'Records its context.',
    options: { type: 'object', additionalProperties: false, properties: {} },
    ...needs,
    create: (_options: Record<string, never>, context: PluginContext<ServiceName>) => ({ factor: () => 1, context }),
  });
}

type Probed = { context: PluginContext<ServiceName> };

const refusedWith = (definition: { code: string }, ...fragments: string[]) => (error: unknown) =>
  isError(error, definition) && fragments.every((fragment) => (error as Error).message.includes(fragment));

describe('PluginRegistry', () => {
  it('holds the core kernels from the start, by priority and availability', () => {
    const registry = new PluginRegistry();
    assert.deepEqual(registry.names('kernel'), ['native', 'reference']);
    assert.equal(registry.get('kernel', 'reference').priority, 0);
    assert.equal(registry.get('kernel', 'reference').available(), null);
  });

  it('refuses a kernel plugin whose kernel lacks an op, naming the op and the plugin', () => {
    const lacking = definePlugin({
      kind: 'kernel', name: 'lacking', version: '1.0.0', core: '^0.1.0', source: 'a test', description: 'Has no RMSprop step.',
      options: { type: 'object', additionalProperties: false, properties: {} }, priority: 1, available: () => null,
      create: (): Kernel => new Proxy(new ReferenceKernel(), { get: (kernel, op) => (op === 'rmspropStep' ? undefined : Reflect.get(kernel, op)) }),
    });
    assert.throws(() => new PluginRegistry().register('test', lacking), refusedWith(PLUGIN_INVALID, 'kernel/lacking', 'rmspropStep'));
  });

  it('refuses a dependency that is not registered, and a cycle, naming both plugins', () => {
    assert.throws(() => new PluginRegistry().register('test', probe('needy', { dependencies: ['lr-schedule/absent'] })),
      refusedWith(PLUGIN_DEPENDENCY, 'lr-schedule/needy', 'lr-schedule/absent'));
    const first = probe('first', { dependencies: ['lr-schedule/second'] });
    const second = probe('second', { dependencies: ['lr-schedule/first'] });
    const registry = new PluginRegistry();
    assert.throws(() => registry.register('test', first, second),
      refusedWith(PLUGIN_DEPENDENCY, 'lr-schedule/first', 'lr-schedule/second', 'cycle'));
    assert.deepEqual(registry.names('lr-schedule'), [], 'a refused batch registers none of its plugins');
    // Registered together in any order, dependencies resolve
    assert.doesNotThrow(() => new PluginRegistry().register('test', probe('user', { dependencies: ['lr-schedule/used'] }), probe('used')));
  });

  it('gives each plugin the services it declared, from its run\'s scope, and nothing else', () => {
    const registry = new PluginRegistry().register('test',
      probe('bare'), probe('kernelled', { inject: ['kernel', 'random'] }), probe('user', { dependencies: ['lr-schedule/kernelled'] }));
    const [kernelA, kernelB] = [new ReferenceKernel(), new ReferenceKernel()];
    const [runA, runB] = [registry.scope({ seed: 7, kernel: kernelA }), registry.scope({ seed: 7, kernel: kernelB })];
    const bare = (runA.create('lr-schedule', { use: 'bare' }) as unknown as Probed).context;
    assert.equal(bare.seed, 7);
    assert.equal('kernel' in bare, false);
    const [a, b] = [runA, runB].map((run) => (run.create('lr-schedule', { use: 'kernelled' }) as unknown as Probed).context);
    assert.equal(a.kernel, kernelA);
    assert.equal(b.kernel, kernelB);
    // Same seed and plugin: the same stream in either run, drawn independently
    assert.deepEqual([a.random('x').uniform(), a.random('x').uniform()], [b.random('x').uniform(), b.random('x').uniform()]);
    const user = (runB.create('lr-schedule', { use: 'user' }) as unknown as Probed).context;
    const made = user.plugin('lr-schedule', 'kernelled') as unknown as Probed;
    assert.equal(made.context.kernel, kernelB);
    assert.throws(() => user.plugin('lr-schedule', 'bare'), refusedWith(PLUGIN_DEPENDENCY, 'lr-schedule/user', 'lr-schedule/bare'));
  });

  it('sends what a plugin logs to its run\'s sink, prefixed with the plugin', () => {
    const registry = new PluginRegistry().register('test', probe('talker', { inject: ['log'] }));
    const notes: string[] = [];
    const talker = (registry.scope({ seed: 0, log: (note) => notes.push(note) }).create('lr-schedule', { use: 'talker' }) as unknown as Probed).context;
    talker.log('warming up');
    assert.deepEqual(notes, ['lr-schedule "talker": warming up']);
  });

  it('gives each run its own event stream, which does not exist where the kernel is made', () => {
    const registry = new PluginRegistry().register('test', probe('watcher', { inject: ['events'] }));
    const channels = [new RunEventChannel(), new RunEventChannel()];
    const given = channels.map((events) => (registry.scope({ seed: 0, events }).create('lr-schedule', { use: 'watcher' }) as unknown as Probed).context.events);
    assert.deepEqual(given.map((events, index) => events === channels[index]), [true, true]);
    assert.throws(() => registry.scope({ seed: 0 }).create('lr-schedule', { use: 'watcher' }), refusedWith(PLUGIN_DEPENDENCY, 'lr-schedule/watcher', 'events'));
  });

  it('refuses a service name that is not one, and a kernel that asks for the kernel or the events', () => {
    assert.throws(() => new PluginRegistry().register('test', probe('odd', { inject: ['clock' as ServiceName] })),
      refusedWith(PLUGIN_INVALID, 'lr-schedule/odd', '"clock"'));
    const selfish = { ...new PluginRegistry().get('kernel', 'reference'), name: 'selfish', inject: ['kernel'] };
    assert.throws(() => new PluginRegistry().register('test', selfish), refusedWith(PLUGIN_INVALID, 'kernel/selfish', 'cannot inject the kernel'));
    const watching = { ...selfish, name: 'watching', inject: ['events'] };
    assert.throws(() => new PluginRegistry().register('test', watching), refusedWith(PLUGIN_INVALID, 'kernel/watching', "cannot inject the run's events"));
  });
});
