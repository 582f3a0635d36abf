// Pruning schedules pinned against Zhu & Gupta's formula by hand, and their invariants as properties.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { AnyPluginDefinition, PruningSchedule } from '@ontogeny/core';
import { schedulePlugins } from './index.js';

const context = { seed: 0 };

function schedule(name: string, options: Record<string, unknown>): PruningSchedule {
  const plugin = schedulePlugins.find((p) => p.name === name) as AnyPluginDefinition & { kind: 'schedule' };
  return plugin.create(options as never, context);
}

function close(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) < 1e-12, `expected ${expected}, got ${actual}`);
}

const ramp = { from: 0, to: 0.9, begin: 0, end: 1000, every: 100 };

describe('cubic (Zhu & Gupta 2017)', () => {
  it('s_t = s_f + (s_i − s_f)(1 − t/nΔt)³ at hand-computed points', () => {
    const cubic = schedule('cubic', ramp);
    close(cubic.sparsityAt(0, 1000), 0);
    close(cubic.sparsityAt(100, 1000), 0.2439); // 0.9·(1 − 0.9³)
    close(cubic.sparsityAt(500, 1000), 0.7875); // 0.9·(1 − 0.5³)
    assert.equal(cubic.sparsityAt(1000, 1000), 0.9);
    assert.equal(cubic.sparsityAt(5000, 1000), 0.9);
  });
  it("the paper's MLP setting: begin 2000, end 30000, every 500 gives 57 events ending at 30000", () => {
    const events = schedule('cubic', { from: 0, to: 0.98, begin: 2000, end: 30000, every: 500 }).events(40000);
    assert.equal(events.length, 57);
    assert.equal(events[0], 2000);
    assert.equal(events.at(-1), 30000);
  });
  it('end defaults to the phase length, and an uneven last interval still ends there', () => {
    const events = schedule('cubic', { from: 0, to: 0.5, begin: 0, every: 300 }).events(1000);
    assert.deepEqual(events, [0, 300, 600, 900, 1000]);
  });
});

describe('other shapes', () => {
  it('linear moves in equal steps; polynomial with power 2 is 1 − (1 − x)²', () => {
    close(schedule('linear', ramp).sparsityAt(250, 1000), 0.225);
    close(schedule('polynomial', { ...ramp, power: 2 }).sparsityAt(500, 1000), 0.9 * 0.75);
  });
  it('exponential halves the density in half the time when it quarters overall', () => {
    close(schedule('exponential', { ...ramp, to: 0.75 }).sparsityAt(500, 1000), 0.5);
  });
  it('one-shot removes everything at its step; constant from step 0', () => {
    const oneShot = schedule('one-shot', { to: 0.8, at: 200 });
    assert.deepEqual(oneShot.events(1000), [200]);
    assert.equal(oneShot.sparsityAt(199, 1000), 0);
    assert.equal(oneShot.sparsityAt(200, 1000), 0.8);
    assert.deepEqual(schedule('constant', { to: 0.3 }).events(1000), [0]);
  });
});

describe('iterative (lottery levels)', () => {
  it('each level removes 20 % of what remains; the last is exactly the target', () => {
    const s = schedule('iterative', { to: 0.5, rate: 0.2, begin: 0, every: 10 });
    assert.deepEqual(s.events(100), [0, 10, 20, 30]); // 0.2, 0.36, 0.488, then 0.5
    close(s.sparsityAt(0, 100), 0.2);
    close(s.sparsityAt(15, 100), 0.36);
    close(s.sparsityAt(29, 100), 0.488);
    assert.equal(s.sparsityAt(30, 100), 0.5);
  });
  it('an exact power needs no extra level', () => {
    assert.equal(schedule('iterative', { to: 1 - 0.8 ** 2, rate: 0.2, begin: 0 }).events(100).length, 2);
  });
});

describe('cosine-drop (RigL)', () => {
  it('drops α/2·(1 + cos(πt/T_end)) at each update, nothing at step 0 or from T_end', () => {
    const s = schedule('cosine-drop', { to: 0.9, alpha: 0.3, every: 100 });
    assert.deepEqual(s.events(1000), [0, 100, 200, 300, 400, 500, 600, 700]);
    assert.equal(s.dropFraction!(0, 1000), 0);
    close(s.dropFraction!(375, 1000), 0.15);
    close(s.dropFraction!(250, 1000), 0.15 * (1 + Math.cos(Math.PI / 3)));
    assert.equal(s.dropFraction!(750, 1000), 0);
    assert.equal(s.sparsityAt(500, 1000), 0.9);
  });
});

describe('schedule properties', () => {
  const gradual = ['cubic', 'linear', 'polynomial', 'exponential', 'one-shot', 'constant', 'iterative', 'cosine-drop']
    .filter((name) => schedulePlugins.some((p) => p.name === name));
  for (const name of gradual) {
    it(`${name}: monotone over its events and exactly at its target at the last one`, () => {
      fc.assert(fc.property(
        fc.double({ min: 0, max: 0.5, noNaN: true }), fc.double({ min: 0.5, max: 0.99, noNaN: true }),
        fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 1, max: 400 }),
        fc.double({ min: 0.5, max: 5, noNaN: true }),
        (from, to, begin, length, every, power) => {
          const total = begin + length;
          const options: Record<string, unknown> = { from, to, begin, every, power, rate: 0.2, alpha: 0.3, at: begin };
          for (const key of Object.keys(options)) {
            const plugin = schedulePlugins.find((p) => p.name === name)!;
            const known = (plugin.options.properties as Record<string, unknown>)[key];
            if (!known) delete options[key];
          }
          const s = schedule(name, options);
          const events = s.events(total);
          assert.ok(events.length > 0);
          let previous = -Infinity;
          let level = -Infinity;
          for (const step of events) {
            assert.ok(step > previous, 'events ascend');
            previous = step;
            const target = s.sparsityAt(step, total);
            assert.ok(target >= level, `sparsity falls at ${step}: ${target} < ${level}`);
            level = target;
          }
          assert.equal(s.sparsityAt(events.at(-1)!, total), to);
        },
      ), { numRuns: 200 });
    });
  }
});
