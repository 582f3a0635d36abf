#!/usr/bin/env node
// Runs the benchmarks under bench/ through tsx against the TypeScript sources: `pnpm bench [name …]`, all when none.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const benchDir = join(root, 'bench');
const known = readdirSync(benchDir).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, '')).sort();
const args = process.argv.slice(2);
// Benchmark names are the arguments that name one; everything else (--quick, --steps 60) goes to each benchmark.
const names = args.filter((a) => known.includes(a));
const flags = args.filter((a) => !known.includes(a));
const chosen = names.length > 0 ? names : known;

for (const name of chosen) {
  const file = join(benchDir, `${name}.bench.ts`); // every chosen name is one of `known`, read from bench/
  console.log(`\n== bench ${name} ==`);
  const result = spawnSync(process.execPath, ['--conditions=ontogeny-source', '--import', 'tsx', file, ...flags], {
    cwd: root, stdio: 'inherit', env: { ...process.env, ORT_DISABLE_TELEMETRY: '1' },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
