// Study points: grid order, named levels, seeded samples, and located problems.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyPatch } from './apply-patch.js';
import { studyPoints } from './study-points.js';

test('a grid is the product of the axes, the first varying slowest; a numeric level name is a number', () => {
  const { points, problems } = studyPoints({
    axes: {
      bits: { path: '/b', values: [2, 4], levels: { '32': { '/q': [] } } },
      '/lr': [0.1, 0.01],
    },
  }, '/vary');
  assert.deepEqual(problems, []);
  assert.deepEqual(points.map((point) => point.axes), [
    { bits: 2, '/lr': 0.1 }, { bits: 2, '/lr': 0.01 }, { bits: 4, '/lr': 0.1 }, { bits: 4, '/lr': 0.01 },
    { bits: 32, '/lr': 0.1 }, { bits: 32, '/lr': 0.01 },
  ]);
  assert.deepEqual(points[4].patch, { '/q': [], '/lr': 0.1 });
});

test('a seeded sample draws the same points for the same seed, within the ranges, and others for another seed', () => {
  const vary = (seed: number) => ({
    axes: { lr: { path: '/lr', range: { min: 1e-4, max: 1e-1, scale: 'log' as const, integer: false } }, width: { path: '/w', values: [16, 32, 64] } },
    sample: { count: 8, seed },
  });
  const first = studyPoints(vary(1), '/vary').points;
  assert.deepEqual(studyPoints(vary(1), '/vary').points, first);
  assert.equal(first.length, 8);
  for (const point of first) {
    const lr = point.axes.lr as number;
    assert.ok(lr >= 1e-4 && lr <= 1e-1, `lr ${lr}`);
    assert.ok([16, 32, 64].includes(point.axes.width as number));
    assert.deepEqual(point.patch, { '/lr': lr, '/w': point.axes.width });
  }
  assert.notDeepEqual(studyPoints(vary(2), '/vary').points, first);
});

test('axis problems are located: no values, values without a path, a range in a grid', () => {
  const { problems } = studyPoints({
    axes: { a: {}, b: { values: [1] }, c: { path: '/c', range: { min: 0, max: 1, scale: 'linear', integer: false } } },
  }, '/vary');
  assert.deepEqual(problems, [
    'at /vary/axes/a: an axis needs values (with a path), levels, or a range — found none',
    'at /vary/axes/b: missing property — expected "path", the JSON pointer its values go to',
    'at /vary/axes/c/range: a range has no grid — add "sample": { "count": N } to vary, or give values',
  ]);
});

test('a patch replaces existing values and refuses pointers whose parent is missing', () => {
  const base = { phases: [{ name: 'a', before: [{ use: 'quantize', with: { bits: 8 } }] }] };
  const made = applyPatch(base, { '/phases/0/before/0/with/bits': 2, '/phases/0/epochs': 3 });
  assert.deepEqual(made.problems, []);
  assert.deepEqual(made.spec.phases, [{ name: 'a', epochs: 3, before: [{ use: 'quantize', with: { bits: 2 } }] }]);
  assert.equal(base.phases[0].before[0].with.bits, 8, 'the base is not changed');
  assert.deepEqual(applyPatch(base, { '/phases/3/epochs': 1, '/phases/x': 1, '/model/with/hidden': [1] }).problems, [
    '/phases/3/epochs: the base spec has nothing at /phases/3 to put "epochs" into',
    '/phases/x: /phases is a list of 1 — expected an index 0…1 or "-"',
    '/model/with/hidden: the base spec has nothing at /model/with to put "hidden" into',
  ]);
});
