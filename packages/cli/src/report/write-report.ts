// `ontogeny report`'s work: a section per run and per study (followed by its runs), every figure drawn to SVG (and PNG when asked), one HTML file written atomically.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { errors, writeFileAtomic } from '@ontogeny/core';
import { isStudyFolder, readStudyFolder } from '../study/read-study-folder.js';
import { renderSvg } from './render-svg.js';
import { svgToPng } from './render-png.js';
import { reportPage, type RenderedSection } from './report-page.js';
import type { ReportSection } from './report-section.js';
import { isRunFolder } from './run-files.js';
import { runSection, type RunFigureSource } from './run-section.js';
import { studySection } from './study-section.js';

export interface WriteReportOptions {
  /** Run and study folders, in the order their sections appear; a study's runs follow it (each run drawn once). */
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
  const sections = reportSections(options.folders, options.figures ?? []);
  const rendered: RenderedSection[] = [];
  for (const section of sections) rendered.push({ section, svgs: await Promise.all(section.figures.map(renderSvg)) });
  const studies = options.folders.filter((folder) => isStudyFolder(resolve(folder))).length;
  const runs = sections.length - studies;
  const title = sections.length === 1 || (studies === 1 && options.folders.length === 1)
    ? `Ontogeny report: ${sections[0].title}`
    : `Ontogeny report: ${[studies > 0 ? `${studies} stud${studies === 1 ? 'y' : 'ies'}` : '', runs > 0 ? `${runs} run${runs === 1 ? '' : 's'}` : ''].filter(Boolean).join(' and ')}`;
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

/** The sections of `folders` in order: a run folder's, or a study's followed by those of its runs not drawn yet. */
function reportSections(folders: readonly string[], figures: readonly RunFigureSource[]): ReportSection[] {
  const ids = new Set<string>();
  const runIds = new Map<string, string>();
  const sections: ReportSection[] = [];
  const addRun = (dir: string) => {
    if (runIds.has(dir)) return runIds.get(dir)!;
    const id = uniqueId(basename(dir), ids);
    runIds.set(dir, id);
    sections.push(runSection(dir, id, figures));
    return id;
  };
  for (const folder of folders) {
    const dir = resolve(folder);
    if (isRunFolder(dir)) {
      addRun(dir);
      continue;
    }
    if (!isStudyFolder(dir)) {
      throw errors.DATA_MISSING(folder, 'neither a run folder (spec.json) nor a study folder (study.json) — give folders written by `ontogeny run` or `ontogeny study`');
    }
    const study = readStudyFolder(dir);
    const at = sections.length;
    const linked = new Map<string, string>();
    for (const { run } of study.runs) {
      if (run !== null && isRunFolder(join(study.store, run))) linked.set(run, addRun(join(study.store, run)));
    }
    sections.splice(at, 0, studySection(study, uniqueId(`study-${basename(dir)}`, ids), (run) => linked.get(run)));
  }
  return sections;
}

/** `name`, or `name-2`, `name-3`… when a folder is given twice. */
function uniqueId(name: string, taken: Set<string>): string {
  let id = name;
  for (let n = 2; taken.has(id); n++) id = `${name}-${n}`;
  taken.add(id);
  return id;
}
