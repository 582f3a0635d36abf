// A study through the BullMQ queue by two workers against the same study on one local worker: the wall-time ratio,
// and whether their results are the same bytes. `pnpm build` first (it times the built command); `pnpm bench queue
// [--seeds 8]`. The quickstart lifespan × N seeds; each worker runs one run at a time with a one-thread kernel.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startRedis } from '../tests/queue/redis-server.js';
import { machineLoad } from './timing.js';

const root = resolve(import.meta.dirname, '..');
const main = join(root, 'packages/cli/dist/main.js');
if (!existsSync(main)) throw new Error(`${main} is missing: run \`pnpm build\` first`);
const seedsAt = process.argv.indexOf('--seeds');
const seeds = seedsAt > 0 ? Number(process.argv[seedsAt + 1]) : 8;

const folder = mkdtempSync(join(tmpdir(), 'ontogeny-bench-queue-'));
const study = join(folder, 'quickstart-seeds.study.json');
writeFileSync(study, JSON.stringify({ name: 'quickstart-seeds', base: join(root, 'experiments/quickstart.json'), seeds }));

/** Wall seconds of `ontogeny study` with `extra`, into `name`'s own store and study folder. */
function timedStudy(name: string, extra: readonly string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, [main, 'study', study, '--store', join(folder, name, 'store'), '--out', join(folder, name, 'studies'), '--quiet', ...extra], {
    encoding: 'utf8', env: { ...process.env, CI: 'true' },
  });
  if (result.status !== 0) throw new Error(`study (${name}) exited ${result.status}:\n${result.stderr}`);
  return (performance.now() - started) / 1000;
}

console.log(`quickstart × ${seeds} seeds; ${machineLoad()} before`);
const local = timedStudy('local', ['--jobs', '1']);

const redis = await startRedis();
const workers = [0, 1].map(() => spawn(process.execPath, [main, 'worker', '--queue', redis.url, '--store', join(folder, 'queued', 'store'), '--jobs', '1'], { stdio: ['ignore', 'pipe', 'inherit'] }));
try {
  // Timed from a queue both workers already listen to, as they would on a cluster.
  await Promise.all(workers.map((worker) => new Promise<void>((ready) => {
    let output = '';
    worker.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('worker on ')) ready();
    });
  })));
  const queued = timedStudy('queued', ['--queue', redis.url]);
  const same = ['results.csv', 'aggregate.csv'].every((file) =>
    readFileSync(join(folder, 'local', 'studies', 'quickstart-seeds', file)).equals(readFileSync(join(folder, 'queued', 'studies', 'quickstart-seeds', file))));
  console.log(`one local worker (study --jobs 1): ${local.toFixed(1)} s`);
  console.log(`two queue workers (worker --jobs 1, twice): ${queued.toFixed(1)} s`);
  console.log(`ratio local / queue: ${(local / queued).toFixed(2)}× (2 would be perfect on 2 free cores); results.csv and aggregate.csv ${same ? 'identical' : 'DIFFER'}`);
  console.log(machineLoad(), 'after');
} finally {
  for (const worker of workers) worker.kill('SIGTERM');
  await redis.stop();
}
