// Claim 6 on the embedded task: at 90 % sparsity, regrowth by gradient (RigL) beats random regrowth (SET), which beats a static mask.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { runSpec, type LifespanEvent } from '@ontogeny/core';
import { loadRegistry } from '@ontogeny/cli';

test('dynamic-sparsity: RigL > SET > static at equal, constant density', async () => {
  const spec = JSON.parse(readFileSync(new URL('../../experiments/dynamic-sparsity.json', import.meta.url), 'utf8'));
  const result = await runSpec(spec, await loadRegistry());
  const [rigl, set, fixed, dense] = ['rigl', 'set', 'static', 'dense'].map((name) => result.metric(name));
  console.log(`# dynamic-sparsity: rigl ${rigl}, set ${set}, static ${fixed}, dense ${dense}`);
  assert.ok(rigl > set && set > fixed, `expected rigl ${rigl} > set ${set} > static ${fixed}`);
  assert.ok(dense > rigl, 'the dense network is the ceiling');
  const densities = ['rigl', 'set', 'static'].map((name) => JSON.stringify(result.phases.get(name)!.density));
  assert.ok(densities.every((density) => density === densities[0]), `same densities: ${densities.join(' ')}`);
  const regrown = result.events.filter((event): event is Extract<LifespanEvent, { type: 'regrow' }> => event.type === 'regrow');
  assert.ok(regrown.some((event) => event.phase === 'rigl' && event.count > 0));
  assert.ok(!regrown.some((event) => event.phase === 'static'));
});
