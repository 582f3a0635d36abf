// BERT figures of `ontogeny report` in headless Chromium: attention heat maps equal to electrodes.bin, and the head-lesion curve against head importance equal to the run's files.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli, runToDirectory } from '../cli/run-cli.js';
import { assertSelfContained, figureSpec, openReport, screenshot } from './browser.js';

const out = mkdtempSync(join(tmpdir(), 'ontogeny-report-bert-'));
const glue = runToDirectory('experiments/bert-glue.small.json', join(out, 'glue'));
const heads = runToDirectory('experiments/bert-heads.small.json', join(out, 'heads'));
const html = join(out, 'report.html');
const written = runCli(['report', glue, heads, '--out', html]);
assert.equal(written.status, 0, written.stderr);

let browser: Awaited<ReturnType<typeof openReport>>;
before(async () => {
  browser = await openReport(html);
});
after(() => browser.close());

interface ElectrodeRecord { step: number; label: string; layer: number; kind: string; shape: number[]; offset: number }

test('attention heat maps: one figure per recorded phase at its last recording, one cell per pair of real tokens, equal to electrodes.bin', async () => {
  // electrodes.bin read here by its documented layout (docs/electrodes.md), not by the report's reader
  const index = JSON.parse(readFileSync(join(glue, 'electrodes.json'), 'utf8')) as { records: ElectrodeRecord[] };
  const bin = readFileSync(join(glue, 'electrodes.bin'));
  const labels = [...new Set(index.records.map((r) => r.label))];
  assert.deepEqual(labels, ['pretrain', 'sentiment-dense', 'sentiment-mask']);
  const section = glue.split('/').at(-1)!;
  for (const label of labels) {
    const step = Math.max(...index.records.filter((r) => r.label === label).map((r) => r.step));
    const at = index.records.filter((r) => r.label === label && r.step === step);
    const tokens = at.find((r) => r.kind === 'tokens')!;
    const [sequences, length] = tokens.shape;
    const id = (k: number, t: number) => bin.readInt32LE(tokens.offset + 4 * (k * length + t));
    const expected: number[] = [];
    for (const record of at.filter((r) => r.kind === 'attention')) {
      const headCount = record.shape[1];
      for (let k = 0; k < sequences; k++) {
        const real = Array.from({ length }, (_, t) => t).filter((t) => id(k, t) !== 0);
        for (let h = 0; h < headCount; h++) {
          for (const i of real) for (const j of real) expected.push(bin.readFloatLE(record.offset + 4 * (((k * headCount + h) * length + i) * length + j)));
        }
      }
    }
    const figure = `attention-${label}`;
    const cells = (await figureSpec<{ data: { values: Array<Record<string, unknown>> } }>(browser.page, `#${section}-${figure}`)).data.values;
    assert.deepEqual(cells.map((cell) => cell.weight), expected, `${label}: the cells are the recorded probabilities`);
    assert.equal(await browser.page.locator(`#${section}-${figure} g.attention_marks > path`).count(), expected.length, `${label}: one rect per cell`);
    await screenshot(browser.page.locator(`#${section}-${figure}`), `report-bert-${figure}`);
  }
});

test('head lesions: the curve is each lesion phase\'s test MCC from metrics.csv, and the bars the importance each lesion recorded', async () => {
  const section = heads.split('/').at(-1)!;
  const csv = readFileSync(join(heads, 'metrics.csv'), 'utf8').trim().split('\n').map((line) => line.split(','));
  const mcc = (phase: string) => Number(csv.find(([p, , metric]) => p === phase && metric === 'test:mcc')![3]);
  const events = readFileSync(join(heads, 'events.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { type: string; phase: string; detail: Record<string, string | number> });
  const lesions = events.filter((e) => e.type === 'perturb');
  assert.equal(lesions.length, 6);
  const spec = await figureSpec<{ datasets: Record<string, Array<Record<string, unknown>>> }>(browser.page, `#${section}-head-lesion`);
  const expectedPoints = ['importance', 'random'].flatMap((order) => [
    { order, removed: 0, value: mcc('finetune') },
    ...[1, 2, 3].map((removed) => ({ order, removed, value: mcc(`${order}-${removed}`) })),
  ]);
  assert.deepEqual(spec.datasets.points.map(({ order, removed, value }) => ({ order, removed, value })), expectedPoints);
  const expectedHeads = lesions.map((lesion) => ({
    order: lesion.detail.order, removed: lesion.detail.removed, head: lesion.detail.heads, importance: lesion.detail[`importance:${lesion.detail.heads}`],
  }));
  assert.ok(expectedHeads.every((h) => typeof h.importance === 'number'), 'every lesion recorded the importance of the head it removed');
  assert.deepEqual(spec.datasets.heads, expectedHeads);
  const figure = browser.page.locator(`#${section}-head-lesion`);
  assert.equal(await figure.locator('g.lesion_points_marks > path').count(), expectedPoints.length);
  assert.equal(await figure.locator('g.importance_bars_marks > path').count(), expectedHeads.length);
  await screenshot(figure, 'report-bert-head-lesion');
});

test('no console error, and no request but the file itself', () => assertSelfContained(browser));
