// Shards: N shards cover every run exactly once, a run keeps its shard as its study grows, and --shard reads schedulers' indices.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { cliErrors, parseShard, runsOfShard, shardOf, type StudyRun } from '@ontogeny/cli';
import { isError } from '@ontogeny/core';

const hash = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 10, maxLength: 10 });
const runsOf = (hashes: readonly string[]): StudyRun[] => hashes.map((h) => ({ hash: h, runName: `study-${h}`, spec: {}, testSizes: {} }));

test('property: for any runs and any N, shards 0..N-1 hold every run exactly once', () => {
  fc.assert(fc.property(fc.uniqueArray(hash, { maxLength: 60 }), fc.integer({ min: 1, max: 9 }), (hashes, count) => {
    const taken = Array.from({ length: count }, (_, index) => runsOfShard(runsOf(hashes), { index, count })).flat();
    assert.deepEqual(taken.map((run) => run.hash).sort(), [...hashes].sort());
  }));
});

test('property: a run stays in its shard when the study grows by other runs, in any order', () => {
  fc.assert(fc.property(fc.uniqueArray(hash, { minLength: 1, maxLength: 40 }), fc.uniqueArray(hash, { maxLength: 40 }), fc.integer({ min: 1, max: 9 }),
    (first, added, count) => {
      const grown = [...added.filter((h) => !first.includes(h)), ...first].reverse();
      for (let index = 0; index < count; index += 1) {
        const before = runsOfShard(runsOf(first), { index, count }).map((run) => run.hash);
        const after = runsOfShard(runsOf(grown), { index, count }).map((run) => run.hash).filter((h) => first.includes(h));
        assert.deepEqual(after.sort(), before.sort());
      }
    }));
});

test('3000 random run hashes spread over 3 shards within 15 % of a third each', () => {
  const counts = [0, 0, 0];
  for (const h of fc.sample(hash, 3000)) counts[shardOf(h, 3)] += 1;
  for (const count of counts) assert.ok(count > 850 && count < 1150, `shard sizes ${counts.join(', ')}`);
});

test('--shard takes I/N, slurm/N (from the array\'s first task) and kubernetes/N; anything else is ONT_SHARD_INVALID', () => {
  assert.deepEqual(parseShard('2/3', {}), { index: 2, count: 3 });
  assert.deepEqual(parseShard('slurm/3', { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MIN: '1' }), { index: 2, count: 3 });
  assert.deepEqual(parseShard('slurm/3', { SLURM_ARRAY_TASK_ID: '0' }), { index: 0, count: 3 });
  assert.deepEqual(parseShard('kubernetes/4', { JOB_COMPLETION_INDEX: '1' }), { index: 1, count: 4 });
  const refused: Array<[string, NodeJS.ProcessEnv, RegExp]> = [
    ['3/3', {}, /shard 3 does not exist among 3/],
    ['1/0', {}, /N must be at least 1/],
    ['1', {}, /expected I\/N/],
    ['-1/3', {}, /neither an index nor one of slurm, kubernetes/],
    ['slurm/3', {}, /\$SLURM_ARRAY_TASK_ID is not set/],
    ['kubernetes/2', { JOB_COMPLETION_INDEX: 'x' }, /\$JOB_COMPLETION_INDEX is "x", not an index/],
    ['kubernetes/2', { JOB_COMPLETION_INDEX: '2' }, /shard 2 does not exist among 2/],
  ];
  for (const [value, env, reason] of refused) {
    assert.throws(() => parseShard(value, env), (error: unknown) => isError(error, cliErrors.SHARD_INVALID) && reason.test((error as Error).message), value);
  }
});
