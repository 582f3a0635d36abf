// Tests of the IDX reader: a round trip through a file the test writes, and truncated or damaged files.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { errors, isError } from '@ontogeny/core';
import { decodeIdx, readIdx } from './idx-reader.js';

/** Encodes a uint8 (type 0x08) or int32 (type 0x0C) IDX file, big-endian as the format says. */
function encodeIdx(dims: number[], values: number[], typeCode: 0x08 | 0x0c): Buffer {
  const size = typeCode === 0x08 ? 1 : 4;
  const bytes = Buffer.alloc(4 + 4 * dims.length + values.length * size);
  bytes.writeUInt8(typeCode, 2);
  bytes.writeUInt8(dims.length, 3);
  dims.forEach((d, i) => bytes.writeUInt32BE(d, 4 + 4 * i));
  const body = 4 + 4 * dims.length;
  values.forEach((v, i) => (size === 1 ? bytes.writeUInt8(v, body + i) : bytes.writeInt32BE(v, body + 4 * i)));
  return bytes;
}

const folder = mkdtempSync(join(tmpdir(), 'ontogeny-idx-'));
after(() => rmSync(folder, { recursive: true, force: true }));
const pixels = Array.from({ length: 2 * 3 * 4 }, (_, i) => (i * 37) % 256);

test('a gzipped uint8 IDX file reads back with its dimensions and values', async () => {
  const path = join(folder, 'images-idx3-ubyte.gz');
  writeFileSync(path, gzipSync(encodeIdx([2, 3, 4], pixels, 0x08)));
  const array = await readIdx(path);
  assert.equal(array.type, 'uint8');
  assert.deepEqual(array.dims, [2, 3, 4]);
  assert.deepEqual(Array.from(array.data), pixels);
});

test('an uncompressed big-endian int32 IDX file reads back whatever its name', async () => {
  const path = join(folder, 'values.gz');
  const values = [-5, 0, 70000, 2 ** 31 - 1];
  writeFileSync(path, encodeIdx([4], values, 0x0c));
  const array = await readIdx(path);
  assert.equal(array.type, 'int32');
  assert.deepEqual(Array.from(array.data), values);
});

test('a truncated body is ONT_DATA_CORRUPT naming the file and the bytes expected and found', async () => {
  const path = join(folder, 'truncated-idx3-ubyte.gz');
  writeFileSync(path, gzipSync(encodeIdx([2, 3, 4], pixels, 0x08).subarray(0, 30)));
  await assert.rejects(readIdx(path), (error: unknown) => {
    assert.ok(isError(error, errors.DATA_CORRUPT));
    assert.match(error.message, /truncated-idx3-ubyte\.gz/);
    assert.match(error.message, /truncated .* needs 40 bytes, found 30/);
    return true;
  });
});

test('a truncated gzip stream is ONT_DATA_CORRUPT', async () => {
  const path = join(folder, 'cut.gz');
  const zipped = gzipSync(encodeIdx([2, 3, 4], pixels, 0x08));
  writeFileSync(path, zipped.subarray(0, zipped.length - 12));
  await assert.rejects(readIdx(path), (error: unknown) => isError(error, errors.DATA_CORRUPT) && /gzip/.test(error.message));
});

test('bad magic numbers, short headers and trailing bytes are each named', () => {
  const good = encodeIdx([2, 3, 4], pixels, 0x08);
  const cases: Array<[Uint8Array, RegExp]> = [
    [Uint8Array.of(1, 0, 8, 1), /magic number starting 0x00 0x00, found 0x01 0x00/],
    [Uint8Array.of(0, 0, 0x07, 1), /element type code .* found 0x07/],
    [Uint8Array.of(0, 0, 8, 3, 0, 0), /16-byte header for 3 dimensions, found 6 bytes/],
    [Buffer.concat([good, Buffer.of(0)]), /longer than its header says .* needs 40 bytes, found 41/],
  ];
  for (const [bytes, expected] of cases) {
    assert.throws(() => decodeIdx(bytes, 'x.idx'), (error: unknown) =>
      isError(error, errors.DATA_CORRUPT) && expected.test(error.message) && error.message.includes('x.idx'));
  }
});
