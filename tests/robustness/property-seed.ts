// The seed of a property test: new every run, printed so that a failure can be replayed with FC_SEED.
import { randomInt } from 'node:crypto';

/**
 * FC_SEED when it is set (to replay a run), otherwise a fresh random seed; printed either way as a TAP comment
 * with the command that replays it.
 */
export function propertySeed(test: string, replayPath = 'tests/robustness'): number {
  const given = process.env.FC_SEED;
  const seed = given !== undefined && given !== '' ? Number(given) : randomInt(2 ** 31);
  if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer, found "${given}"`);
  console.log(`# ${test}: fast-check seed ${seed} (replay: FC_SEED=${seed} node scripts/test.mjs ${replayPath})`);
  return seed;
}
