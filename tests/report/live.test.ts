// The live view in headless Chromium: it follows a run folder as another process writes it, through reloads and the run's end, and `run --serve` shows its own run; every wait is for a message or a DOM change, never a fixed time.
import assert from 'node:assert/strict';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { runToDirectory, startCli } from '../cli/run-cli.js';
import { openBrowser, screenshot, type Browsing } from './browser.js';

/** Bounds on waiting for an event that must come: failures, not timings the test relies on. */
const PATIENCE = { timeout: 120_000 };

/** The URL a `run --serve` or `serve` process prints once it listens. */
function liveUrl(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((found, fail) => {
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /live view at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match) found(match[1]);
    });
    child.once('exit', (code) => fail(new Error(`exited with ${code} before serving:\n${output}`)));
  });
}

/** Stops a live-view process with SIGTERM (unless it has ended) and gives its exit code. */
function stop(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((done) => {
    child.once('exit', (code) => done(code));
    child.kill('SIGTERM');
  });
}

/** Runs `use` with the live view that `child` serves and a browser on it; both end however `use` ends. Returns the child's exit code. */
async function withLiveView(child: ChildProcessWithoutNullStreams, use: (browser: Browsing, url: string) => Promise<void>): Promise<number | null> {
  try {
    const url = await liveUrl(child);
    const browser = await openBrowser(sameOrigin(url));
    try {
      await use(browser, url);
      assert.deepEqual(browser.problems, []);
      assert.deepEqual(browser.refused, []);
    } finally {
      await browser.close();
    }
  } catch (error) {
    await stop(child);
    throw error;
  }
  return stop(child);
}

/** Waits until the page shows the drawing of exactly `events` events, then returns its status and number of pruning marks. */
async function shown(browser: Browsing, events: number): Promise<{ status: string; pruneMarks: number }> {
  await browser.page.locator(`figure[data-figure="timeline"][data-events="${events}"]`).waitFor(PATIENCE);
  return {
    status: await browser.page.locator('body').getAttribute('data-status') ?? '',
    pruneMarks: await browser.page.locator('figure[data-figure="timeline"] g.prune_marks > path').count(),
  };
}

function sameOrigin(url: string): (requested: string) => boolean {
  const origin = new URL(url).origin;
  return (requested) => new URL(requested).origin === origin;
}

test('ontogeny serve follows a run folder that another process writes: mid-run, after a reload, and once the run has ended', async () => {
  // A finished quickstart supplies real events; the test writes them into a fresh folder in two steps, as a run would
  const finished = runToDirectory('experiments/quickstart.json', mkdtempSync(join(tmpdir(), 'ontogeny-live-source-')));
  const lines = readFileSync(join(finished, 'events.jsonl'), 'utf8').trim().split('\n');
  const types = lines.map((line) => (JSON.parse(line) as { type: string }).type);
  const fourthPrune = types.map((type, i) => [type, i] as const).filter(([type]) => type === 'prune')[3][1];
  const runs = mkdtempSync(join(tmpdir(), 'ontogeny-live-runs-'));
  const folder = join(runs, basename(finished));
  mkdirSync(folder);
  copyFileSync(join(finished, 'spec.json'), join(folder, 'spec.json'));
  const writeEvents = (count: number) => {
    writeFileSync(join(folder, 'events.jsonl.tmp'), `${lines.slice(0, count).join('\n')}\n`);
    renameSync(join(folder, 'events.jsonl.tmp'), join(folder, 'events.jsonl'));
  };
  writeEvents(fourthPrune + 1);

  const code = await withLiveView(startCli(['serve', runs, '--port', '0']), async (browser, url) => {
    await browser.page.goto(url);
    await browser.page.getByRole('link', { name: basename(folder) }).click();
    assert.deepEqual(await shown(browser, fourthPrune + 1), { status: 'running', pruneMarks: 4 });
    await screenshot(browser.page.locator('figure[data-figure="timeline"]'), 'live-serve-mid-run-timeline');

    await browser.page.reload();
    assert.deepEqual(await shown(browser, fourthPrune + 1), { status: 'running', pruneMarks: 4 }, 'a reload mid-run shows the run as it is');

    writeEvents(lines.length);
    assert.deepEqual(await shown(browser, lines.length), { status: 'completed', pruneMarks: 9 });
    assert.match(await browser.page.locator('#milestones').innerText(), /the lifespan quickstart ended/);
    // Accuracy against sparsity became possible only at the end, after density was drawn: it still comes second
    const figures = await browser.page.locator('figure.figure').evaluateAll((all) => all
      .map((f) => ({ id: (f as HTMLElement).dataset.figure, top: f.getBoundingClientRect().top })).sort((a, b) => a.top - b.top).map((f) => f.id));
    assert.deepEqual(figures, ['timeline', 'accuracy-sparsity', 'density'], 'the figures in the report\'s order, top to bottom');
    await screenshot(browser.page.locator('figure[data-figure="timeline"]'), 'live-serve-ended-timeline');

    await browser.page.reload();
    assert.deepEqual(await shown(browser, lines.length), { status: 'completed', pruneMarks: 9 }, 'a reload after the end shows the finished run');
  });
  assert.equal(code, 0);
});

test('ontogeny run --serve shows its own run, and keeps serving it after the run has ended until stopped', async () => {
  const out = mkdtempSync(join(tmpdir(), 'ontogeny-live-run-'));
  const code = await withLiveView(startCli(['run', 'experiments/quickstart.json', '--serve', '0', '--out', out, '--quiet']), async (browser, url) => {
    await browser.page.goto(url);
    await browser.page.locator('body[data-status="completed"]').waitFor(PATIENCE);
    const events = Number(await browser.page.locator('body').getAttribute('data-events'));
    assert.deepEqual(await shown(browser, events), { status: 'completed', pruneMarks: 9 });
    const folder = new URL(browser.page.url()).pathname.split('/')[2];
    const written = readFileSync(join(out, folder, 'events.jsonl'), 'utf8').trim().split('\n');
    assert.equal(events, written.length, 'the page drew every event the run wrote');

    await browser.page.reload();
    assert.deepEqual(await shown(browser, events), { status: 'completed', pruneMarks: 9 });
    for (const id of ['timeline', 'density']) await screenshot(browser.page.locator(`figure[data-figure="${id}"]`), `live-run-serve-${id}`);
  });
  assert.equal(code, 0, 'the exit code is the run\'s');
});
