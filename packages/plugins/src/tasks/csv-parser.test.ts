// Tests of the CSV parser: quoted fields, line numbers, line endings and unclosed quotes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errors, isError } from '@ontogeny/core';
import { parseCsv } from './csv-parser.js';

test('quoted fields keep delimiters, doubled quotes and newlines, and records keep their first line', () => {
  const text = 'name,"note, with comma",x\r\n"a ""b""","two\nlines",1\n\nc,,2';
  assert.deepEqual(parseCsv(text, 'x.csv'), [
    { fields: ['name', 'note, with comma', 'x'], line: 1 },
    { fields: ['a "b"', 'two\nlines', '1'], line: 2 },
    { fields: ['c', '', '2'], line: 5 },
  ]);
});

test('a byte-order mark, a trailing newline and another delimiter are handled', () => {
  assert.deepEqual(parseCsv('\ufeffa;b\n1;2\n', 'x.csv', ';').map((record) => record.fields), [['a', 'b'], ['1', '2']]);
});

test('an unclosed quote is ONT_DATA_CORRUPT naming the line it opens on', () => {
  assert.throws(() => parseCsv('a,b\n1,2\n3,"oops\n4,5\n', 'bad.csv'), (error: unknown) =>
    isError(error, errors.DATA_CORRUPT) && error.message.includes('bad.csv:3'));
});
