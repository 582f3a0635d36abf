// The run's event stream as an injected service: each run has its own, and a plugin that declares 'events' sees its
// run's events and adds its own to them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lastValueFrom, toArray } from 'rxjs';
import { definePlugin, prepareLifespan, runLifespan, type LifespanEvent, type RunEvents } from '@ontogeny/core';
import { loadRegistry } from '@ontogeny/cli';

/** Every witness made, with the stream it was given and what it saw there. */
const witnesses: Array<{ readonly events: RunEvents; readonly seen: LifespanEvent[] }> = [];

/** A reporter that keeps the events it sees and answers each phase's end with an evaluation of its own. */
const witness = definePlugin({
  kind: 'reporter', name: 'witness', version: '1.0.0', core: '^0.1.0', source: 'a test', description: 'Keeps the events it sees.',
  options: { type: 'object', additionalProperties: false, properties: {} },
  inject: ['events'],
  create: (_options, { events }) => {
    const seen: LifespanEvent[] = [];
    witnesses.push({ events, seen });
    events.stream.subscribe((event) => {
      seen.push(event);
      if (event.type === 'phase:end') {
        events.emit({ type: 'evaluate', phase: event.phase, step: event.steps, task: event.task ?? '', split: 'witness', metrics: { seen: seen.length } });
      }
    });
    return { attach: () => undefined };
  },
});

const prepare = async (seed: number) => prepareLifespan({
  spec: {
    name: 'events-service',
    seed,
    model: { use: 'mlp', with: { hidden: [8] } },
    tasks: { a: { use: 'teacher', with: { train: 200, test: 50 } } },
    reporters: [{ use: 'witness' }],
    phases: [
      { name: 'learn', kind: 'pretrain', task: 'a', steps: 4, batch: 16, optimizer: { use: 'sgd', with: { lr: 0.01 } } },
      { name: 'age', kind: 'prune', steps: 4, schedule: { use: 'one-shot', with: { to: 0.5 } }, criterion: { use: 'magnitude' } },
    ],
  },
  file: 'events-service.json',
  registry: (await loadRegistry()).register('test', witness),
  kernel: 'reference',
});

test("two runs in one process have their own event streams; a plugin that injects 'events' sees its run's, and what it emits joins them", async () => {
  const [first, second] = [await prepare(1), await prepare(2)];
  assert.notEqual(first.events, second.events);
  const streams = [first, second].map((prepared) => ({ prepared, events: lastValueFrom(runLifespan(prepared).pipe(toArray())) }));
  for (const { prepared, events } of streams) {
    const recorded = await events;
    const watching = witnesses.filter((made) => made.events === prepared.events);
    assert.equal(watching.length, 1, 'one witness watches each run: the one the run made');
    // It saw exactly its run's events, its own among them, right after each phase's end
    assert.deepEqual(watching[0]!.seen, recorded);
    assert.equal((recorded[0] as { hash?: string }).hash, prepared.hash);
    const ends = recorded.flatMap((event, index) => (event.type === 'phase:end' ? [{ event, index }] : []));
    assert.deepEqual(ends.map(({ event }) => event.phase), ['learn', 'age']);
    assert.deepEqual(ends.map(({ index }) => recorded[index + 1]), ends.map(({ event, index }) => ({
      type: 'evaluate', phase: event.phase, step: event.steps, task: 'a', split: 'witness', metrics: { seen: index + 1 },
    })));
  }
  // The witnesses made only to check their options before each run saw nothing
  assert.ok(witnesses.filter((made) => made.events !== first.events && made.events !== second.events).every((made) => made.seen.length === 0));
});
