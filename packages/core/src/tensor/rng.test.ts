// The seeded streams: reproducible, independent by name, and with the right first moments.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from './rng.js';

test('the same seed and stream name give the same numbers; another name or seed gives others', () => {
  const draw = (rng: Rng) => Array.from({ length: 8 }, () => rng.nextUint32());
  assert.deepEqual(draw(Rng.derive(7, 'init', 'fc1')), draw(Rng.derive(7, 'init', 'fc1')));
  assert.notDeepEqual(draw(Rng.derive(7, 'init', 'fc1')), draw(Rng.derive(7, 'init', 'fc2')));
  assert.notDeepEqual(draw(Rng.derive(7, 'init', 'fc1')), draw(Rng.derive(8, 'init', 'fc1')));
});

test('uniform lies in [0, 1) with mean 1/2; normal has mean 0 and variance 1', () => {
  const rng = Rng.derive(0, 'moments');
  const n = 200_000;
  let sum = 0;
  let normalSum = 0;
  let normalSquares = 0;
  for (let i = 0; i < n; i++) {
    const u = rng.uniform();
    assert.ok(u >= 0 && u < 1);
    sum += u;
    const z = rng.normal();
    normalSum += z;
    normalSquares += z * z;
  }
  assert.ok(Math.abs(sum / n - 0.5) < 0.005, `uniform mean ${sum / n}`);
  assert.ok(Math.abs(normalSum / n) < 0.01, `normal mean ${normalSum / n}`);
  assert.ok(Math.abs(normalSquares / n - 1) < 0.02, `normal variance ${normalSquares / n}`);
});

test('permutation holds every index once', () => {
  const order = Rng.derive(3, 'order').permutation(1000);
  assert.deepEqual([...order].sort((a, b) => a - b), Array.from({ length: 1000 }, (_, i) => i));
});
