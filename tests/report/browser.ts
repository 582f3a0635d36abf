// Headless Chromium for the report's tests: Debian's chromium driven by playwright-core, a fresh profile, every request recorded and those leaving the page's origin refused, console errors collected, screenshots kept.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { repositoryRoot } from '../cli/run-cli.js';

/** Debian's Chromium (scripts/install.sh installs it); playwright never downloads a browser here. */
export const CHROMIUM = '/usr/bin/chromium';

/** Where the tests leave a screenshot of every figure they look at (gitignored). */
export const SCREENSHOTS = join(repositoryRoot, '.tmp', 'report-screenshots');

// Without the background-networking flags Chromium keeps calling hosts of its own (TOOLCHAIN.md)
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A browser with one page, and what it saw. */
export interface Browsing {
  readonly page: Page;
  /** Console errors and uncaught page errors, in order. */
  readonly problems: string[];
  /** Every URL the page asked for. */
  readonly requests: string[];
  /** The URLs refused because they left the allowed origin. */
  readonly refused: string[];
  close(): Promise<void>;
}

/** Opens Chromium on a fresh profile; requests for which `allowed` is false are refused and recorded. */
export async function openBrowser(allowed: (url: string) => boolean): Promise<Browsing> {
  const profile = mkdtempSync(join(tmpdir(), 'ontogeny-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: FLAGS, headless: true, viewport: { width: 1100, height: 900 } });
  const problems: string[] = [];
  const requests: string[] = [];
  const refused: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (allowed(url)) return route.continue();
    refused.push(url);
    return route.abort('blockedbyclient');
  });
  const page = context.pages()[0] ?? await context.newPage();
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return {
    page, problems, requests, refused,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a screenshot of `element` as SCREENSHOTS/`name`.png and returns its path. */
export async function screenshot(element: Locator, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await element.screenshot({ path });
  return path;
}

/** The report file `html` opened in a browser that refuses every request but the file itself. */
export async function openReport(html: string): Promise<Browsing & { readonly url: string }> {
  const url = pathToFileURL(html).href;
  const browsing = await openBrowser((requested) => requested === url);
  await browsing.page.goto(url);
  return { ...browsing, url };
}

/** The Vega-Lite spec (with its data) that the report keeps beside the figure `figure` (a CSS selector). */
export async function figureSpec<T>(page: Page, figure: string): Promise<T> {
  return JSON.parse(await page.locator(`${figure} script.figure-spec`).textContent() ?? 'null') as T;
}

/** Asserts that the page logged no error and asked for nothing but its own file. */
export function assertSelfContained(browsing: Browsing & { readonly url: string }): void {
  assert.deepEqual(browsing.problems, []);
  assert.deepEqual(browsing.refused, []);
  assert.deepEqual([...new Set(browsing.requests)], [browsing.url]);
}
