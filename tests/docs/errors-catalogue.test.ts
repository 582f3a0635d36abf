// Every catalogued error code (core's and the CLI's) is documented in docs/errors.md, and the page lists no code that does not exist.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { cliErrors } from '@ontogeny/cli';
import { errors } from '@ontogeny/core';

test('docs/errors.md lists exactly the codes of the error catalogues, with their categories', () => {
  const catalogue = [...Object.values(errors), ...Object.values(cliErrors)]
    .filter((value): value is typeof value & { code: string; category: string } =>
      typeof value === 'function' && typeof (value as { code?: unknown }).code === 'string')
    .map((definition) => `${definition.code} ${definition.category}`)
    .sort();
  const page = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  const documented = [...page.matchAll(/^\| `(ONT_[A-Z_]+)` \| (input|run) \|/gm)].map((match) => `${match[1]} ${match[2]}`).sort();
  assert.deepEqual(documented, catalogue);
});
