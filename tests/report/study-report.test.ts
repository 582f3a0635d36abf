// The quantization dose study (experiments/quantization-dose.study.json), its CI profile run once: the study's own outputs (its counts, its claim, aggregate.csv), then `ontogeny report` of it opened in headless Chromium: the study's figures and their data against aggregate.csv, the claims, the per-run table and its links, nothing leaving the page.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../cli/run-cli.js';
import { assertSelfContained, figureSpec, openReport, screenshot } from './browser.js';

const dataset = '/usr/share/datasets/fashion-mnist';

describe('the quantization dose study, CI profile, and its report', { skip: !existsSync(dataset) && `${dataset} is absent (bash scripts/install.sh installs it)` }, () => {
  const out = mkdtempSync(join(tmpdir(), 'ontogeny-study-report-'));
  const studyDir = join(out, 'studies', 'quantization-dose-ci');
  const html = join(out, 'report.html');
  let browser: Awaited<ReturnType<typeof openReport>>;

  // The study's own files, read here without the report's code
  interface StudyJson {
    runs: Array<{ axes: { bits: number }; seed: number; run: string; status: string }>;
    claims: Array<{ name: string; holds: boolean; checks: Array<{ label: string; n: number; mean: number; low: number; high: number }> }>;
  }
  let study: StudyJson;
  let studyStdout: string;
  let aggregateCsv: Array<Record<string, string>>;

  before(async () => {
    const ran = runCli(['study', 'experiments/quantization-dose.study.json', '--profile', 'ci', '--store', join(out, 'runs'), '--out', join(out, 'studies'), '--jobs', '2']);
    assert.equal(ran.status, 0, ran.stderr + ran.stdout);
    studyStdout = ran.stdout;
    study = JSON.parse(readFileSync(join(studyDir, 'study.json'), 'utf8')) as StudyJson;
    // Every cell of this study's aggregate.csv is a number or a name without a comma
    const [header, ...lines] = readFileSync(join(studyDir, 'aggregate.csv'), 'utf8').trim().split('\n').map((line) => line.split(','));
    aggregateCsv = lines.map((cells) => Object.fromEntries(header.map((column, i) => [column, cells[i]])));
    // One of the study's runs given again beside it: the report draws it once, where the study lists it
    const written = runCli(['report', join(out, 'runs', study.runs[0].run), studyDir, '--out', html]);
    assert.equal(written.status, 0, written.stderr);
    browser = await openReport(html);
  });
  after(() => browser?.close());

  test('the study: 3 seeds × 2, 4 bits and none, aggregated with intervals, its claim holds', () => {
    assert.match(studyStdout, /3 points × 3 seeds = 9 runs/);
    assert.match(studyStdout, /✓ holds: 4 bits stay within 2 points of full precision/);
    const aggregate = readFileSync(join(studyDir, 'aggregate.csv'), 'utf8').trim().split('\n');
    const mask = aggregate.filter((line) => line.includes(',mask/accuracy,')).map((line) => line.split(','));
    assert.deepEqual(mask.map((cells) => [cells[0], cells[2]]), [['2', '3'], ['4', '3'], ['32', '3']], 'one row per dose, n = 3 seeds');
    for (const [, , , mean, , low, high] of mask.map((cells) => cells.map(Number))) {
      assert.ok(low < mean && mean < high && mean > 0.5, `mean ${mean} inside [${low}, ${high}] and above chance`);
    }
    console.log(`# quantization dose (CI profile): ${mask.map((cells) => `${cells[0]} bits ${Number(cells[3]).toFixed(4)} [${Number(cells[5]).toFixed(4)}, ${Number(cells[6]).toFixed(4)}]`).join('; ')}`);
  });

  const figure = (id: string) => browser.page.locator(`section[id^="study-"] figure[data-figure="${id}"]`);

  test('the study section shows accuracy and loss against bits, and a screenshot of each is kept', async () => {
    const ids = await browser.page.locator('section[id^="study-"] figure.figure').evaluateAll((all) => all.map((f) => (f as HTMLElement).dataset.figure));
    assert.deepEqual(ids, ['axis-bits-accuracy', 'axis-bits-loss']);
    for (const id of ids) {
      const box = await figure(id!).locator('svg').boundingBox();
      assert.ok(box && box.width > 300 && box.height > 150, `${id} is drawn at a readable size: ${JSON.stringify(box)}`);
      await screenshot(figure(id!), `report-study-quantization-ci-${id}`);
    }
  });

  test('each figure has one point per dose level (2, 4 and 32 bits) and one band per phase', async () => {
    for (const id of ['axis-bits-accuracy', 'axis-bits-loss']) {
      const labels = await figure(id).locator('g.mean_points_marks > path').evaluateAll((paths) => paths.map((p) => p.getAttribute('aria-label') ?? ''));
      const drawn = labels.map((label) => `${/phase: (\w+)/.exec(label)?.[1]} at ${/bits: (\d+)/.exec(label)?.[1]}`).sort();
      assert.deepEqual(drawn, ['mask at 2', 'mask at 32', 'mask at 4', 'pretrain at 2', 'pretrain at 32', 'pretrain at 4'], id);
      assert.equal(await figure(id).locator('g.mark-area path[aria-roledescription="errorband"]').count(), 2, `${id}: a band for pretrain and one for mask`);
    }
  });

  test("each figure's data are the rows of aggregate.csv for its metric", async () => {
    for (const metric of ['accuracy', 'loss']) {
      const spec = await figureSpec<{ datasets: { aggregate: Array<Record<string, unknown>> } }>(browser.page, `section[id^="study-"] figure[data-figure="axis-bits-${metric}"]`);
      const expected = aggregateCsv.filter((row) => row.metric.endsWith(`/${metric}`)).map((row) => ({
        level: Number(row.bits), metric: row.metric, n: Number(row.n), mean: Number(row.mean), sd: Number(row.sd), low: Number(row.ci95_low), high: Number(row.ci95_high),
      }));
      assert.equal(expected.length, 6, 'aggregate.csv has 3 doses × 2 phases of the metric');
      assert.deepEqual(spec.datasets.aggregate.map(({ level, metric: m, n, mean, sd, low, high }) => ({ level, metric: m, n, mean, sd, low, high })), expected);
    }
  });

  test('the claims table gives each claim its verdict and the numbers study.json holds', async () => {
    const [claim] = study.claims;
    assert.equal(study.claims.length, 1);
    const cells = await browser.page.locator('section[id^="study-"] h3:has-text("Claims") + p + table tbody tr').first().locator('td').allInnerTexts();
    const [check] = claim.checks;
    assert.deepEqual(cells.slice(0, 8), [
      claim.name, 'difference', claim.holds ? '✓ holds' : '✗ fails', check.label, String(check.n),
      check.mean.toPrecision(4), check.low.toPrecision(4), check.high.toPrecision(4),
    ]);
  });

  test('the per-run table lists the 9 runs, each linked to its own section of the page, drawn once', async () => {
    const links = await browser.page.locator('section[id^="study-"] h3:has-text("Runs") + p + table tbody a')
      .evaluateAll((anchors) => anchors.map((a) => ({ text: a.textContent, href: a.getAttribute('href') })));
    assert.deepEqual(links.map((link) => link.text), study.runs.map((run) => run.run));
    for (const { text, href } of links) {
      assert.equal(href, `#${text}`);
      assert.equal(await browser.page.locator(`section[id="${text}"] figure[data-figure="timeline"]`).count(), 1, `${text} has its section with its timeline`);
    }
    assert.equal(await browser.page.locator('body > section').count(), 1 + study.runs.length);
  });

  test('no console error, and no request but the file itself', () => assertSelfContained(browser));
});

test('report names a folder that is neither a run nor a study, and exits 2', () => {
  const empty = mkdtempSync(join(tmpdir(), 'ontogeny-not-a-run-'));
  const result = runCli(['report', empty, '--out', join(empty, 'report.html')]);
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, /neither a run folder \(spec\.json\) nor a study folder \(study\.json\)/);
  assert.ok(!existsSync(join(empty, 'report.html')), 'nothing written');
});
