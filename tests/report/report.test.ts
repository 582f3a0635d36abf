// `ontogeny report` of the quickstart opened in headless Chromium: the figures a person sees, their marks, their data against the run's files, no request leaving the page.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Summary } from '@ontogeny/core';
import { readSummary, runCli, runToDirectory } from '../cli/run-cli.js';
import { assertSelfContained, figureSpec, openReport, screenshot } from './browser.js';

const out = mkdtempSync(join(tmpdir(), 'ontogeny-report-'));
// Evaluated after every pruning event, so the aging phase has an accuracy-against-sparsity curve
const run = runToDirectory('experiments/quickstart.json', join(out, 'runs'), ['--evaluate-events']);
const html = join(out, 'report.html');
const pngs = join(out, 'png');
const written = runCli(['report', run, '--out', html, '--png', pngs]);
assert.equal(written.status, 0, written.stderr);

// The run's own files, read here without the report's code
const events = readFileSync(join(run, 'events.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { type: string; phase?: string });
const count = (type: string) => events.filter((event) => event.type === type).length;
const metricsCsv = readFileSync(join(run, 'metrics.csv'), 'utf8').trim().split('\n').slice(1).map((line) => {
  const [phase, step, metric, value] = line.split(',');
  return { phase, step: Number(step), metric, value: Number(value) };
});
const summary: Summary = readSummary(run);
const spec = JSON.parse(readFileSync(join(run, 'spec.json'), 'utf8')) as { phases: Array<{ name: string; retune?: { steps: number } }> };

let browser: Awaited<ReturnType<typeof openReport>>;
before(async () => {
  browser = await openReport(html);
});
after(() => browser.close());

interface FigureSpec {
  readonly datasets?: Record<string, Array<Record<string, unknown>>>;
  readonly data?: { values: Array<Record<string, unknown>> };
}

function specOf(id: string): Promise<FigureSpec> {
  return figureSpec<FigureSpec>(browser.page, `figure[data-figure="${id}"]`);
}

test('the report shows the timeline, accuracy against sparsity and density figures, and a screenshot of each is kept', async () => {
  const figures = browser.page.locator('figure.figure');
  assert.deepEqual(await figures.evaluateAll((all) => all.map((f) => (f as HTMLElement).dataset.figure)), ['timeline', 'accuracy-sparsity', 'density']);
  for (const id of ['timeline', 'accuracy-sparsity', 'density']) {
    const figure = browser.page.locator(`figure[data-figure="${id}"]`);
    const box = await figure.locator('svg').boundingBox();
    assert.ok(box && box.width > 300 && box.height > 150, `${id} is drawn at a readable size: ${JSON.stringify(box)}`);
    await screenshot(figure, `report-quickstart-${id}`);
  }
});

test('the timeline has one mark per pruning event, disorder and checkpoint of the run', async () => {
  const marks = (kind: string) => browser.page.locator(`figure[data-figure="timeline"] g.${kind}_marks > path`).count();
  assert.equal(count('prune'), 9, 'the quickstart prunes at steps 0, 50, …, 400 of its schedule');
  assert.equal(await marks('prune'), count('prune'));
  assert.equal(await marks('perturb'), count('perturb'));
  assert.equal(await marks('checkpoint'), count('checkpoint'));
  assert.equal(await marks('diverged'), 0);
});

test('pruning marks sit on the aging branch: after pre-training and the mask phase it grows from, one re-tuning apart', async () => {
  const steps = (name: string) => summary.phases.find((phase) => phase.name === name)!.steps;
  assert.equal(summary.phases.find((phase) => phase.name === 'aging')!.from, 'finetune-mask');
  const start = steps('pretrain') + steps('finetune-mask');
  const retune = spec.phases.find((phase) => phase.name === 'aging')!.retune!.steps;
  const labels = await browser.page.locator('figure[data-figure="timeline"] g.prune_marks > path').evaluateAll((paths) => paths.map((p) => p.getAttribute('aria-label') ?? ''));
  assert.deepEqual(labels.map((label) => Number(/x: ([\d.]+)/.exec(label)?.[1])), Array.from({ length: 9 }, (_, k) => start + k * retune));
});

test("the timeline's data are the rows of metrics.csv, in order", async () => {
  const series = (await specOf('timeline')).datasets!.series;
  assert.deepEqual(series.map(({ phase, step, metric, value }) => ({ phase, step, metric, value })), metricsCsv);
});

test('accuracy against sparsity: one point per test evaluation of the prune phase, at the sparsity of the pruning event before it', async () => {
  const expected: Array<{ sparsity: number; value: number }> = [];
  let sparsity = Number.NaN;
  for (const row of metricsCsv.filter((r) => r.phase === 'aging')) {
    if (row.metric === 'target-sparsity') sparsity = row.value;
    if (row.metric === 'test:accuracy') expected.push({ sparsity, value: row.value });
  }
  assert.equal(expected.length, count('prune') + 1, 'an evaluation after every event, and the phase end');
  const points = (await specOf('accuracy-sparsity')).datasets!.points.filter((p) => p.metric === 'accuracy');
  assert.deepEqual(points.map(({ sparsity: s, value }) => ({ sparsity: s, value })), expected);
  assert.equal(await browser.page.locator('figure[data-figure="accuracy-sparsity"] g.curve_points_marks > path').count(), expected.length);
});

test('density bars: one per masked layer and phase, equal to summary.json', async () => {
  const expected = summary.phases.flatMap((phase) => Object.entries(phase.density)
    .filter(([layer]) => !layer.startsWith('head:')).map(([layer, density]) => ({ phase: phase.name, layer, density })));
  const rows = (await specOf('density')).data!.values;
  assert.deepEqual(rows.map(({ phase, layer, density }) => ({ phase, layer, density })), expected);
  assert.equal(await browser.page.locator('figure[data-figure="density"] g.density_marks > path').count(), expected.length);
});

test('the page holds the spec, its hash and the storage accounting', async () => {
  const text = await browser.page.locator('body').innerText();
  assert.match(text, new RegExp(`spec hash\\s+${summary.hash}`));
  assert.match(text, /shared weights \+ masks/);
  const shown = JSON.parse(await browser.page.locator('details pre').textContent() ?? 'null');
  assert.deepEqual(shown, spec);
});

test('no console error, and no request but the file itself', () => assertSelfContained(browser));

test('--png writes every figure as a PNG, at twice the size of its SVG', async () => {
  assert.deepEqual(readdirSync(pngs).sort(), ['accuracy-sparsity', 'density', 'timeline'].map((id) => `${run.split('/').at(-1)}-${id}.png`));
  const svgWidth = await browser.page.locator('figure[data-figure="density"] svg').getAttribute('width');
  const png = readFileSync(join(pngs, `${run.split('/').at(-1)}-density.png`));
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.equal(png.readUInt32BE(16), 2 * Number(svgWidth), 'IHDR width');
});
