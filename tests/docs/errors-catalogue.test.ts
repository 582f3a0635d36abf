// Every error code the code can emit is documented in docs/errors.md with its category — the catalogues' codes
// (core's and the CLI's) and any ONT_ code written in a source file — and the page lists no code that does not exist.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cliErrors } from '@ontogeny/cli';
import { errors } from '@ontogeny/core';

const root = new URL('../../', import.meta.url).pathname;
const page = readFileSync(join(root, 'docs/errors.md'), 'utf8');
const documented = new Map([...page.matchAll(/^\| `(ONT_[A-Z_]+)` \| (input|run) \|/gm)].map((match) => [match[1]!, match[2]!]));

/** Every TypeScript source file (no tests) under `folder`. */
function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

test('docs/errors.md lists every code of the error catalogues, with its category', () => {
  for (const definition of [...Object.values(errors), ...Object.values(cliErrors)]) {
    if (typeof definition !== 'function' || typeof (definition as { code?: unknown }).code !== 'string') continue;
    const { code, category } = definition as unknown as { code: string; category: string };
    assert.equal(documented.get(code), category, `${code} (${category}) in docs/errors.md`);
  }
});

test('every ONT_ code written in any package\'s sources is documented, and every documented code is written somewhere', () => {
  const written = new Map<string, string>();
  for (const file of readdirSync(join(root, 'packages')).flatMap((name) => sources(join(root, 'packages', name, 'src')))) {
    // Comments show made-up codes in examples; only code counts.
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    for (const match of code.matchAll(/['"`](ONT_[A-Z_]+)['"`]/g)) written.set(match[1]!, file);
  }
  for (const [code, file] of written) assert.ok(documented.has(code), `${code} (in ${file}) is not in docs/errors.md`);
  for (const code of documented.keys()) assert.ok(written.has(code), `docs/errors.md lists ${code}, which no source file emits`);
});
