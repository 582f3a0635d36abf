// The report's section for one study: its facts, a figure per axis and metric, the claims with their numbers, the aggregate and the per-run table.
import { aggregate, metricColumns, phaseDifferences, pointLabel, type AggregateRow, type Json } from '@ontogeny/core';
import type { StudyFolder } from '../study/read-study-folder.js';
import { studyAxisFigures } from './figures/study-axis-figure.js';
import { escapeHtml, htmlLink, htmlTable, type HtmlCell } from './html.js';
import type { ReportSection } from './report-section.js';

/**
 * The section of `study`, its statistics made by the aggregation `ontogeny study` itself uses, from the runs'
 * summaries in the store. `runSection` gives the id of the report section drawing a run folder (by its name in
 * the store), or undefined when the report has none.
 */
export function studySection(study: StudyFolder, id: string, runSection: (run: string) => string | undefined): ReportSection {
  const table = aggregate(study.rows);
  const completed = study.runs.filter((run) => run.status === 'completed').length;
  const profile = study.profile ? study.spec.profiles?.[study.profile] : undefined;
  return {
    id,
    title: `Study ${study.profile ? `${study.name} (profile ${study.profile})` : study.name}`,
    facts: [
      ['folder', study.dir],
      ['run store', study.store],
      ['axes', study.axes.length > 0 ? study.axes.join(', ') : '(none)'],
      ['seeds', study.seeds.join(', ')],
      ['runs', `${completed} of ${study.runs.length} completed${study.complete ? '' : ' — the study is not complete: run it again to finish it'}`],
      ...(study.spec.description ? [['description', study.spec.description] as const] : []),
      ...(profile?.description ? [[`profile ${study.profile}`, profile.description] as const] : []),
    ],
    figures: studyAxisFigures(study.axes, table),
    blocks: [claimsBlock(study), aggregateBlock(study.axes, table), differencesBlock(study), runsBlock(study, runSection)],
  };
}

function claimsBlock(study: StudyFolder): string {
  if (study.claims.length === 0) return '<h3>Claims</h3><p>The study makes no claims.</p>';
  const holding = study.claims.filter((claim) => claim.holds).length;
  const rows = study.claims.flatMap((claim) => claim.checks.length === 0
    ? [[claim.name, claim.kind, '✗ fails', '(no runs to judge it on)', '–', '–', '–', '–', '–']]
    : claim.checks.map((check, index) => [
      index === 0 ? claim.name : '', index === 0 ? claim.kind : '', index === 0 ? (claim.holds ? '✓ holds' : '✗ fails') : '',
      check.label, check.n, check.mean, check.low ?? '–', check.high ?? '–', `${check.passed ? '✓' : '✗'} ${check.test}`,
    ]));
  return `<h3>Claims: ${holding} of ${study.claims.length} hold</h3>`
    + '<p>Each claim is judged by the ends of the 95 % t-interval over seeds of its paired per-seed values, as <code>ontogeny study</code> judged it.</p>'
    + htmlTable(['claim', 'kind', 'verdict', 'quantity', 'n', 'mean', '95 % low', '95 % high', 'test'], rows);
}

function aggregateBlock(axes: readonly string[], table: readonly AggregateRow[]): string {
  return '<h3>Aggregate</h3><details><summary>mean, sd and 95 % interval over seeds of every metric at every point (aggregate.csv)</summary>'
    + htmlTable([...axes, 'metric', 'n', 'mean', 'sd', '95 % low', '95 % high', 'interval'], table.map((row) => [
      ...axes.map((axis) => text(row.axes[axis])), row.metric, row.n, row.mean, row.sd ?? '–', row.low ?? '–', row.high ?? '–', row.method ?? '–',
    ]))
    + '</details>';
}

/** The paired phase differences the study asks for (differences.csv), when it asks for any. */
function differencesBlock(study: StudyFolder): string {
  const asked = study.spec.differences ?? [];
  if (asked.length === 0) return '';
  return '<h3>Paired differences (same seed)</h3>'
    + htmlTable([...study.axes, 'difference', 'n', 'mean', 'sd', '95 % low', '95 % high'], phaseDifferences(study.rows, asked).map((row) => [
      ...study.axes.map((axis) => text(row.axes[axis])), `${row.of} − ${row.minus}: ${row.metric}`, row.n, row.mean, row.sd ?? '–', row.low ?? '–', row.high ?? '–',
    ]));
}

function runsBlock(study: StudyFolder, runSection: (run: string) => string | undefined): string {
  const metrics = metricColumns(study.rows);
  const metricsOf = new Map(study.rows.map((row) => [`${pointLabel(row.point.axes)}#${row.seed}`, row.metrics]));
  const rows = study.runs.map((run) => {
    const values = metricsOf.get(`${pointLabel(run.axes)}#${run.seed}`) ?? {};
    return [
      ...study.axes.map((axis) => text(run.axes[axis])), run.seed, run.status === 'completed' ? run.status : `${run.status}: ${run.reason ?? ''}`,
      runCell(run.run, runSection),
      ...metrics.map((metric) => values[metric] ?? '–'),
    ];
  });
  return `<h3>Runs</h3><p>${escapeHtml(`One row per run, in the study's order; each run's lifespan is its own section below (runs in ${study.store}).`)}</p>`
    + htmlTable([...study.axes, 'seed', 'status', 'run', ...metrics], rows);
}

function runCell(run: string | null, runSection: (run: string) => string | undefined): string | HtmlCell {
  if (run === null) return '(never started)';
  const section = runSection(run);
  return section === undefined ? `${run} (no folder in the store)` : htmlLink(`#${section}`, run);
}

function text(value: Json | undefined): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}
