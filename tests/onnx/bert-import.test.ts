// Importing BERT weights by Hugging Face initializer names: the same logits as the weights given directly, a lifespan from the file, clear errors.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { errors, isError, readCheckpoint, Rng } from '@ontogeny/core';
import { compareLogits, exportOnnx, importOnnx } from '@ontogeny/core/onnx';
import type { BertModel } from '@ontogeny/plugins';
import { runCli, runToDirectory } from '../cli/run-cli.js';
import { CLASSES, bertFixture, input, tokenBatch } from './bert-fixture.js';
import { maskRandomly, quantize } from './mlp-fixture.js';
import { bertOnnx, knownParameters, type KnownParameter } from './bert-files.js';

const work = mkdtempSync(join(tmpdir(), 'ontogeny-onnx-bert-import-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** A fresh model with only its MLM head: the file's classifier must create the 'cls' head on import. */
function fresh(seed: number): BertModel {
  const model = bertFixture({}, seed);
  model.removeHead('cls');
  return model;
}

function importInto(model: BertModel, file: string) {
  return importOnnx(model, file, { headTask: 'cls', addHead: (task) => model.addHead(task, CLASSES, 'classify', Rng.derive(9, 'head', task)) });
}

/** Known values for the body and the 'cls' classifier of the fixture's shapes. */
function known(): KnownParameter[] {
  const shapes = bertFixture({}, 0);
  return knownParameters([...shapes.bodyParameters(), ...shapes.headParameters('cls')].map((p) => ({ name: p.name, shape: p.shape })));
}

function write(name: string, bytes: Uint8Array): string {
  const file = join(work, name);
  writeFileSync(file, bytes);
  return file;
}

test('a BERT file with Hugging Face names imports, and gives the logits of a model given those weights directly', () => {
  const parameters = known();
  const file = write('hf.onnx', bertOnnx(parameters, 'cls'));
  const imported = fresh(5);
  const report = importInto(imported, file);
  assert.equal(report.parameters.length, parameters.length);
  const direct = fresh(6);
  direct.addHead('cls', CLASSES, 'classify', Rng.derive(7, 'head', 'cls'));
  const byName = new Map([...direct.bodyParameters(), ...direct.headParameters('cls')].map((p) => [p.name, p]));
  for (const { name, values } of parameters) {
    byName.get(name)!.values.set(values);
    byName.get(name)!.touch();
  }
  const batch = tokenBatch();
  const ours = imported.forward(batch, 'cls', { training: false }).data.slice();
  const theirs = direct.forward(batch, 'cls', { training: false }).data;
  assert.deepEqual(Array.from(ours), Array.from(theirs));
  for (const w of imported.maskedParameters()) assert.equal(w.density(), 1, 'pre-trained weights arrive dense');
});

test("Ontogeny's own BERT exports — float, and masked 4-bit through DequantizeLinear — import by name with their logits", () => {
  for (const bits of [null, 4]) {
    const source = bertFixture({}, 12);
    if (bits) {
      maskRandomly(source, 0.5);
      quantize(source, bits, 'symmetric', 'channel');
    }
    const file = write(`own-${bits ?? 32}.onnx`, exportOnnx(source, { task: 'cls', input, quantized: bits !== null, specHash: '', phase: '' }).bytes);
    const imported = fresh(13);
    importInto(imported, file);
    const batch = tokenBatch();
    const check = compareLogits(source.forward(batch, 'cls', { training: false }).data.slice(), imported.forward(batch, 'cls', { training: false }).data, batch.rows, 1e-6);
    assert.ok(check.passed, `${bits ?? 32} bits: relative difference ${check.maxRelative}`);
  }
});

test('a missing initializer, or one of the wrong shape, is ONNX_UNSUPPORTED naming the file and the initializer', () => {
  const parameters = known();
  const missing = write('missing.onnx', bertOnnx(parameters, 'cls', { drop: 'layer1.attention.key.weight' }));
  assert.throws(() => importInto(fresh(5), missing), (error: unknown) =>
    isError(error, errors.ONNX_UNSUPPORTED) && error.message.includes(missing) && error.message.includes('"encoder.layer.1.attention.self.key.weight"'));
  const noBias = write('no-bias.onnx', bertOnnx(parameters, 'cls', { drop: 'head:cls.classifier.bias' }));
  assert.throws(() => importInto(fresh(5), noBias), (error: unknown) =>
    isError(error, errors.ONNX_UNSUPPORTED) && error.message.includes(noBias) && error.message.includes('"classifier.bias"'));
  const transposed = write('transposed.onnx', bertOnnx(parameters, 'cls', { reshape: 'layer0.ffn.in.weight' }));
  assert.throws(() => importInto(fresh(5), transposed), (error: unknown) =>
    isError(error, errors.ONNX_UNSUPPORTED) && error.message.includes(transposed) && error.message.includes('"bert.encoder.layer.0.intermediate.dense.weight"') && error.message.includes('layer0.ffn.in.weight'));
  const model = fresh(5);
  const before = model.bodyParameters().map((p) => p.values.slice());
  assert.throws(() => importInto(model, missing));
  model.bodyParameters().forEach((p, k) => assert.deepEqual(p.values, before[k], `${p.name} unchanged by a refused file`));
});

test('a BERT lifespan starts from a file of Hugging Face names; a file missing a weight exits 2 and writes nothing', () => {
  const spec = (onnx?: string) => ({
    name: 'bert-from-onnx', seed: 0,
    model: { use: 'bert', with: { width: 16, layers: 1, heads: 2, ffnWidth: 16 } },
    tasks: { sentiment: { use: 'language-sentiment', with: { train: 32, dev: 16, test: 32 } } },
    ...(onnx ? { pretrained: { onnx } } : {}),
    phases: [{ name: 'imported', kind: 'evaluate', task: 'sentiment' }],
  });
  /** Runs `body` as a spec and returns the parameters at the end of its one phase. */
  const runToState = (name: string, body: object) => {
    writeFileSync(join(work, `${name}.json`), JSON.stringify(body));
    return readCheckpoint(join(runToDirectory(join(work, `${name}.json`), join(work, name)), 'checkpoints', 'imported.ckpt')).state.parameters;
  };
  // The shapes come from a run without the file (the vocabulary is the generated language's)
  const parameters = knownParameters(runToState('shapes', spec()).map((p) => ({ name: p.name, shape: p.shape })));
  const huggingFace = bertOnnx(parameters.map((p) => ({ ...p, name: p.name.replace('head:sentiment.', 'head:cls.') })), 'cls');
  writeFileSync(join(work, 'bert.onnx'), huggingFace);
  const values = new Map(runToState('from-onnx', spec('bert.onnx')).map((p) => [p.name, p.values]));
  for (const p of parameters) assert.deepEqual(Array.from(values.get(p.name)!), Array.from(p.values), p.name);

  const broken = parameters.filter((p) => p.name !== 'embeddings.segments.weight');
  writeFileSync(join(work, 'broken.onnx'), bertOnnx(broken, 'cls'));
  writeFileSync(join(work, 'broken.json'), JSON.stringify(spec('broken.onnx')));
  const refused = runCli(['run', join(work, 'broken.json'), '--out', join(work, 'broken-runs')]);
  assert.equal(refused.status, 2, refused.stderr);
  assert.match(refused.stderr, /broken\.onnx.*initializer "(bert\.)?embeddings\.token_type_embeddings\.weight"/);
  assert.doesNotMatch(refused.stderr, /\n\s+at /, 'no stack trace');
  assert.throws(() => readdirSync(join(work, 'broken-runs')), 'nothing written');
});
