#!/usr/bin/env node
// Builds the native kernel at install time with node-gyp; a failed build warns and exits 0 so the install
// succeeds and the runtime falls back to the reference kernel.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

if (process.env.ONTOGENY_SKIP_NATIVE === '1') {
  console.log('ontogeny: ONTOGENY_SKIP_NATIVE=1 — not building the native kernel');
  process.exit(0);
}

// node-gyp would download Node's headers; the ones installed beside this node binary make that unnecessary.
const env = { ...process.env };
if (!env.npm_config_nodedir) {
  const prefix = resolve(dirname(process.execPath), '..');
  if (existsSync(join(prefix, 'include', 'node', 'node_api.h'))) env.npm_config_nodedir = prefix;
}

let gyp;
try {
  gyp = require.resolve('node-gyp/bin/node-gyp.js');
} catch {
  warn('node-gyp is not installed');
}
const result = spawnSync(process.execPath, [gyp, 'rebuild', '--release'], { cwd: here, env, stdio: 'inherit' });
if (result.status !== 0) warn(`node-gyp rebuild exited with ${result.status ?? result.signal}`);
console.log('ontogeny: native kernel built');

function warn(reason) {
  console.warn(`ontogeny: the native kernel was not built (${reason}); the reference kernel will be used. ` +
    'Install a C++ compiler, make and python3, then run `pnpm rebuild @ontogeny/core`.');
  process.exit(0);
}
