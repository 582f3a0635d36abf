// runs.csv: one row per run folder with a summary, sorted by folder; a summary is read again only when it changed.
import assert from 'node:assert/strict';
import fs, { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type Mock } from 'node:test';
import { writeFileAtomic } from './atomic-write.js';
import { RUNS_INDEX_HEADER, writeRunsIndex } from './runs-index.js';

const store = mkdtempSync(join(tmpdir(), 'ontogeny-runs-index-'));

function writeSummary(folder: string, status: string, accuracy: number): void {
  mkdirSync(join(store, folder), { recursive: true });
  writeFileAtomic(join(store, folder, 'summary.json'), JSON.stringify({
    name: folder.split('-')[0], hash: folder.split('-')[1], seed: 0, kernel: 'reference', status,
    phases: [{ name: 'pretrain', metrics: { accuracy } }],
  }));
}

/** The index's rows after a rebuild, and how many files the rebuild read. */
function rebuild(): { rows: string[]; reads: number } {
  const spy: Mock<typeof fs.readFileSync> = test.mock.method(fs, 'readFileSync');
  syncBuiltinESMExports();
  try {
    writeRunsIndex(store);
    const reads = spy.mock.callCount();
    spy.mock.restore();
    syncBuiltinESMExports();
    const [header, ...rows] = readFileSync(join(store, 'runs.csv'), 'utf8').trim().split('\n');
    assert.equal(header, RUNS_INDEX_HEADER);
    return { rows, reads };
  } finally {
    spy.mock.restore();
    syncBuiltinESMExports();
  }
}

test('the index follows the summaries: new, changed and removed runs, and folders without one left out', () => {
  writeSummary('b-2222222222', 'running', 0.5);
  writeSummary('a-1111111111', 'completed', 0.75);
  mkdirSync(join(store, 'c-3333333333'));
  let index = rebuild();
  assert.deepEqual(index.rows, [
    'a-1111111111,a,1111111111,0,reference,completed,pretrain,pretrain,0.75',
    'b-2222222222,b,2222222222,0,reference,running,pretrain,pretrain,0.5',
  ]);
  assert.equal(index.reads, 2);

  // Nothing changed: no summary is read again
  assert.equal(rebuild().reads, 0);

  writeSummary('b-2222222222', 'completed', 0.875);
  writeSummary('c-3333333333', 'completed', 0.25);
  rmSync(join(store, 'a-1111111111'), { recursive: true });
  index = rebuild();
  assert.deepEqual(index.rows, [
    'b-2222222222,b,2222222222,0,reference,completed,pretrain,pretrain,0.875',
    'c-3333333333,c,3333333333,0,reference,completed,pretrain,pretrain,0.25',
  ]);
  assert.equal(index.reads, 2);
});
