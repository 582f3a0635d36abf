// Electrodes round trip: what is recorded from a forward pass reads back identically, with the documented shapes.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ReferenceKernel, Rng } from '@ontogeny/core';
import { tokenBatch } from './bert-embeddings.js';
import { BertModel } from './bert-model.js';
import { ElectrodeRecorder, readElectrode, readElectrodeIndex } from './electrodes.js';

test('electrodes record activations and attention maps and read them back', () => {
  const directory = mkdtempSync(join(tmpdir(), 'electrodes-'));
  try {
    const model = new BertModel({ width: 8, layers: 2, heads: 2, ffnWidth: 8, norm: 'post', maxLength: 6, padToken: 0, sepToken: 2, embeddingStd: 0.1 },
      12, new ReferenceKernel(), (...parts) => Rng.derive(0, ...parts));
    model.addHead('task', 2, 'classify', Rng.derive(0, 'head'));
    const inputs = tokenBatch([[1, 5, 6, 2], [1, 7, 2, 0], [1, 9, 10, 2]], 4);
    model.forward(inputs, 'task', { training: false });
    const recorder = new ElectrodeRecorder(directory, { layers: [1], every: 10, sequences: 2 });
    assert.deepEqual(recorder.record(model.probe()!, inputs, 5, 'skipped'), []);
    const written = recorder.record(model.probe()!, inputs, 10, 'finetune');
    assert.deepEqual(written.map((r) => [r.kind, r.layer, r.shape]), [
      ['tokens', -1, [2, 4]], ['activations', 1, [2, 4, 8]], ['attention', 1, [2, 2, 4, 4]],
    ]);
    const index = readElectrodeIndex(directory);
    assert.equal(index.records.length, 3);
    const attention = readElectrode(directory, index.records[2]);
    const live = model.probe()!.attention[1];
    assert.deepEqual(Array.from(attention), Array.from(live.data.subarray(0, 2 * 2 * 4 * 4)));
    assert.deepEqual(Array.from(readElectrode(directory, index.records[0])), [1, 5, 6, 2, 1, 7, 2, 0]);
    // Padding gets no attention: sequence 1's key 3 is [PAD]
    for (let h = 0; h < 2; h++) for (let q = 0; q < 4; q++) assert.equal(attention[((1 * 2 + h) * 4 + q) * 4 + 3], 0);
    // A second recorder continues the same files
    new ElectrodeRecorder(directory, { layers: [0], sequences: 1 }).record(model.probe()!, inputs, 20, 'later');
    const grown = readElectrodeIndex(directory);
    assert.equal(grown.records.length, 6);
    assert.equal(grown.records[3].offset, index.records[2].offset + index.records[2].bytes);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});
