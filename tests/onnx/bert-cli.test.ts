// End to end: `ontogeny export` on small BERT runs — the bert-glue small profile, and a quantized lifespan — writes files ONNX Runtime agrees with.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseOnnx } from '@ontogeny/core/onnx';
import { repositoryRoot, runCli, runToDirectory } from '../cli/run-cli.js';
import { metadataOf } from './onnx-files.js';

const work = mkdtempSync(join(tmpdir(), 'ontogeny-onnx-bert-'));
after(() => rmSync(work, { recursive: true, force: true }));

function run(spec: string, out: string): string {
  return runToDirectory(spec, join(work, out));
}

let glue = '';
before(() => {
  glue = run('experiments/bert-glue.small.json', 'glue');
});

for (const [phase, task, classes] of [['sentiment-mask', 'sentiment', 2], ['pretrain', 'mlm', null]] as const) {
  test(`\`ontogeny export\` writes the bert-glue run at "${phase}" (${task} head) and ONNX Runtime agrees`, () => {
    const file = join(work, `${phase}.onnx`);
    const result = runCli(['export', glue, '--phase', phase, '--onnx', file]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /layer0\.attention\.query .* float32/);
    assert.match(result.stdout, new RegExp(`cross-check in ONNX Runtime on 48 test examples of "${task}"`));
    const metadata = metadataOf(parseOnnx(readFileSync(file), file));
    assert.equal(metadata['ontogeny.architecture'], 'bert');
    assert.equal(metadata['ontogeny.phase'], phase);
    const output = parseOnnx(readFileSync(file), file).graph!.output[0];
    const dims = output.type!.value.case === 'tensorType' ? output.type!.value.value.shape!.dim.map((d) => d.value.value) : [];
    if (classes !== null) assert.deepEqual(dims, ['batch', 2n]);
    else assert.equal(dims[0], 'batch_tokens'); // one row of vocabulary logits per token
  });
}

test('`ontogeny export --quantized` on a BERT lifespan with masks learned over 8-bit weights', () => {
  const small = JSON.parse(readFileSync(join(repositoryRoot, 'experiments', 'bert-glue.small.json'), 'utf8')) as Record<string, unknown> & { phases: Array<{ name: string }> };
  const byName = new Map(small.phases.map((phase) => [phase.name, phase]));
  const spec = {
    ...small, name: 'bert-quantized', reporters: [],
    phases: [
      byName.get('pretrain'),
      { ...byName.get('sentiment-mask'), before: [{ use: 'quantize', with: { bits: 8, granularity: 'channel' } }] },
      { name: 'quantized-4', kind: 'evaluate', task: 'sentiment', before: [{ use: 'quantize', with: { bits: 4 } }] },
    ],
  };
  const specFile = join(work, 'bert-quantized.json');
  writeFileSync(specFile, JSON.stringify(spec));
  const dir = run(specFile, 'quantized');
  for (const [phase, bits] of [['sentiment-mask', 8], ['quantized-4', 4]] as const) {
    const file = join(work, `${phase}-q.onnx`);
    const result = runCli(['export', dir, '--phase', phase, '--onnx', file, '--quantized']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`layer0\\.ffn\\.in .* ${bits}-bit as u?int${bits}`));
    assert.match(result.stdout, /cross-check in ONNX Runtime on 48 test examples of "sentiment"/);
    assert.ok(parseOnnx(readFileSync(file), file).graph!.node.some((node) => node.opType === 'DequantizeLinear'));
    assert.equal(JSON.parse(metadataOf(parseOnnx(readFileSync(file), file))['ontogeny.bits'])['pooler.dense'], bits);
  }
});
