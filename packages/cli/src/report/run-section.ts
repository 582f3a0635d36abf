// The report's section for one run: facts, the figures its files support, the results and storage tables, the spec and its hash.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isError, errors, storageReport, type StorageReport } from '@ontogeny/core';
import type { Figure } from './figure.js';
import { lifespanFigures } from './lifespan-figures.js';
import { escapeHtml, htmlTable } from './html.js';
import { lifespanTables, type LifespanTables } from './lifespan-tables.js';
import type { ReportSection } from './report-section.js';
import { readRunFiles, type RunFiles } from './run-files.js';

/** Figures a run may have beyond the built-in ones (BERT electrodes, head lesions): none when its files hold nothing for them. */
export type RunFigureSource = (run: RunFiles, tables: LifespanTables) => Figure[];

/**
 * The section of the run folder `dir`. Works on a run still being written: what its files hold so far is drawn,
 * and its status says so.
 */
export function runSection(dir: string, id: string, extraFigures: readonly RunFigureSource[] = []): ReportSection {
  const run = readRunFiles(dir);
  const tables = lifespanTables(run.events);
  const figures = [...lifespanFigures(tables), ...extraFigures.flatMap((source) => source(run, tables))];
  const name = String(run.spec.name ?? run.folder);
  const hash = run.summary?.hash ?? run.events.find((e) => e.type === 'lifespan:start')?.hash ?? run.folder.split('-').at(-1) ?? '';
  return {
    id,
    title: `Run ${name}`,
    facts: [
      ['folder', run.dir],
      ['spec hash', hash],
      ['seed', String(run.spec.seed ?? 0)],
      ['kernel', run.summary?.kernel ?? String(run.spec.kernel ?? 'auto')],
      ['status', run.summary?.status ?? tables.status],
      ...wallTime(run.dir),
      ...(typeof run.spec.description === 'string' ? [['description', run.spec.description] as const] : []),
    ],
    figures,
    blocks: [resultsBlock(tables), storageBlock(run.dir), specBlock(run, hash)],
  };
}

function resultsBlock(tables: LifespanTables): string {
  const metrics = [...new Set(Object.values(tables.results).flatMap((m) => Object.keys(m)))];
  const rows = tables.phases.map((p) => [
    p.name, p.kind, p.task ?? '–', p.from ?? 'birth', p.end - p.start,
    ...metrics.map((metric) => tables.results[p.name]?.[metric] ?? (p.ended ? '–' : 'running')),
  ]);
  return `<h3>Results</h3>${htmlTable(['phase', 'kind', 'task', 'from', 'steps', ...metrics.map((m) => `test ${m}`)], rows)}`;
}

/** `ontogeny inspect`'s accounting, or why there is none (a run without checkpoints). */
function storageBlock(dir: string): string {
  let report: StorageReport;
  try {
    report = storageReport(dir);
  } catch (error) {
    if (!isError(error, errors.DATA_MISSING)) throw error;
    return `<h3>Storage</h3><p class="note">${escapeHtml(`No storage accounting: ${error.message}`)}</p>`;
  }
  const { sharedBytes, maskBytes, ontogenyBytes, denseBytes } = report.totals;
  const tasks = report.tasks.length;
  return '<h3>Storage (as <code>ontogeny inspect</code> accounts it)</h3>'
    + `<p>${escapeHtml(`Shared weights of phase "${report.phase}"; ${tasks} task mask${tasks === 1 ? '' : 's'}: `
      + report.tasks.map((t) => `${t.phase} (${t.task ?? '–'}, density ${(t.density * 100).toFixed(1)} %)`).join(', '))}.</p>`
    + htmlTable(['layer', 'weights', 'bits', 'shared bytes', 'mask bytes per task', 'dense bytes per task'],
      report.layers.map((l) => [l.name, l.weights, l.bits, l.sharedBytes, l.maskBytes, l.denseBytes]))
    + htmlTable(['what is stored', 'bytes'], [
      ['shared weights', sharedBytes],
      [`+ ${tasks} bit-packed mask${tasks === 1 ? '' : 's'}`, maskBytes],
      ['= shared weights + masks', ontogenyBytes],
      [`vs ${tasks} dense float32 cop${tasks === 1 ? 'y' : 'ies'} (${(denseBytes / Math.max(1, ontogenyBytes)).toFixed(1)}× more)`, denseBytes],
    ]);
}

function specBlock(run: RunFiles, hash: string): string {
  return `<h3>Resolved spec</h3><p>${escapeHtml(`The run is named by hash ${hash} of this spec's canonical JSON (options at their defaults left out).`)}</p>`
    + `<details><summary>spec.json</summary><pre>${escapeHtml(JSON.stringify(run.spec, null, 2))}</pre></details>`;
}

function wallTime(dir: string): Array<readonly [string, string]> {
  const file = join(dir, 'timings.json');
  if (!existsSync(file)) return [];
  const seconds = (JSON.parse(readFileSync(file, 'utf8')) as { totalSeconds?: number }).totalSeconds;
  return typeof seconds === 'number' ? [['wall time', `${seconds.toFixed(1)} s`]] : [];
}
