// `ontogeny report`'s work: a section per folder, every figure drawn to SVG (and PNG when asked), one HTML file written atomically.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from '@ontogeny/core';
import { renderSvg } from './render-svg.js';
import { svgToPng } from './render-png.js';
import { reportPage, type RenderedSection } from './report-page.js';
import type { ReportSection } from './report-section.js';
import { runSection, type RunFigureSource } from './run-section.js';

export interface WriteReportOptions {
  /** Run folders, in the order their sections appear. */
  readonly folders: readonly string[];
  /** The HTML file to write. */
  readonly out: string;
  /** A folder to receive every figure as `<run folder>-<figure>.png` too; none by default. */
  readonly png?: string;
  /** Figure sources beyond the built-in ones (e.g. BERT electrodes). */
  readonly figures?: readonly RunFigureSource[];
}

/** What was written: the HTML file and the PNG files (absolute paths). */
export interface WrittenReport {
  readonly html: string;
  readonly pngs: readonly string[];
}

/**
 * Writes the report of `options.folders`. Every folder is read and every figure drawn before anything is
 * written, so a bad folder leaves no half-written report.
 *
 * @example
 * await writeReport({ folders: ['runs/quickstart-c6e422a43a'], out: 'report.html', png: 'figures' });
 */
export async function writeReport(options: WriteReportOptions): Promise<WrittenReport> {
  const ids = new Set<string>();
  const sections: ReportSection[] = options.folders.map((folder) => runSection(folder, uniqueId(basename(resolve(folder)), ids), options.figures));
  const rendered: RenderedSection[] = [];
  for (const section of sections) rendered.push({ section, svgs: await Promise.all(section.figures.map(renderSvg)) });
  const title = sections.length === 1 ? `Ontogeny report: ${sections[0].title}` : `Ontogeny report: ${sections.length} runs`;
  const html = resolve(options.out);
  mkdirSync(dirname(html), { recursive: true });
  writeFileAtomic(html, reportPage(title, rendered));
  const pngs: string[] = [];
  if (options.png) {
    const dir = resolve(options.png);
    mkdirSync(dir, { recursive: true });
    for (const { section, svgs } of rendered) {
      section.figures.forEach((figure, i) => {
        const file = join(dir, `${section.id}-${figure.id}.png`);
        writeFileSync(file, svgToPng(svgs[i]));
        pngs.push(file);
      });
    }
  }
  return { html, pngs };
}

/** `name`, or `name-2`, `name-3`… when a folder is given twice. */
function uniqueId(name: string, taken: Set<string>): string {
  let id = name;
  for (let n = 2; taken.has(id); n++) id = `${name}-${n}`;
  taken.add(id);
  return id;
}
