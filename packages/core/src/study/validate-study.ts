// Study validation: the study schema (embedding the lifespan schema) through ajv, then what a schema cannot see.
import { STUDY_INVALID } from '../errors.js';
import type { PhaseKind } from '../lifespan/phase-kind.js';
import type { SchemaFor } from '../spec/ajv.js';
import { assertMatches } from '../spec/validate.js';
import { canonicalJson } from '../spec/canonical-json.js';
import type { ExpandedStudy } from './expand-study.js';
import type { ClaimSpec, MetricRef, StudySpec } from './study-spec.js';

/**
 * Checks a parsed study against `schema` (from buildStudySchema) and returns a defaulted deep copy. Throws
 * STUDY_INVALID listing every problem with its JSON path.
 */
export function validateStudy(raw: unknown, file: string, schema: SchemaFor<StudySpec>, kinds: readonly PhaseKind[]): StudySpec {
  const study = structuredClone(raw);
  assertMatches(study, schema, kinds, (lines) => STUDY_INVALID(file, lines.map((line) => `  ${line}`).join('\n')));
  return study;
}

/**
 * What the expanded study refers to that it does not have: a claim's or a difference's phase that the base
 * spec lacks, an `at` naming an unknown axis or value, an axis with several values left unnamed.
 */
export function referenceProblems(study: ExpandedStudy, phases: readonly string[], claimsAt: string): string[] {
  const problems: string[] = [];
  const phaseProblem = (phase: string, at: string) => {
    if (!phases.includes(phase)) problems.push(`at ${at}: the base spec has no phase "${phase}" — expected one of ${phases.join(', ')}`);
  };
  study.differences.forEach((difference, index) => {
    phaseProblem(difference.of, `/differences/${index}/of`);
    phaseProblem(difference.minus, `/differences/${index}/minus`);
  });
  study.claims.forEach((claim, index) => {
    const at = `${claimsAt}/${index}`;
    for (const [path, ref] of metricRefs(claim)) {
      phaseProblem(ref.phase, `${at}/${path}/phase`);
      problems.push(...atProblems(study, ref, `${at}/${path}/at`, claim.kind === 'monotone' ? claim.axis : null));
    }
    if (claim.kind === 'monotone') {
      const values = study.points.map((point) => point.axes[claim.axis]);
      if (!study.axes.includes(claim.axis)) problems.push(`at ${at}/axis: the study has no axis "${claim.axis}" — expected one of ${study.axes.join(', ') || '(none)'}`);
      else if (values.some((value) => typeof value !== 'number')) problems.push(`at ${at}/axis: a dose axis needs numeric values — "${claim.axis}" has ${JSON.stringify([...new Set(values)])}`);
    }
  });
  return problems;
}

/** Each metric reference of a claim, with its JSON path relative to the claim. */
export function metricRefs(claim: ClaimSpec): Array<[string, MetricRef]> {
  switch (claim.kind) {
    case 'ratio': return [['of', claim.of], ['to', claim.to]];
    case 'difference': return [['of', claim.of], ['minus', claim.minus]];
    case 'order': return claim.items.map((item, index) => [`items/${index}`, item]);
    case 'monotone': case 'range': return [['metric', claim.metric]];
  }
}

function atProblems(study: ExpandedStudy, ref: MetricRef, at: string, free: string | null): string[] {
  const problems: string[] = [];
  const named = ref.at ?? {};
  for (const [axis, value] of Object.entries(named)) {
    if (!study.axes.includes(axis)) problems.push(`at ${at}/${axis}: the study has no axis "${axis}" — expected one of ${study.axes.join(', ') || '(none)'}`);
    else if (!study.points.some((point) => canonicalJson(point.axes[axis]) === canonicalJson(value))) {
      const values = [...new Set(study.points.map((point) => canonicalJson(point.axes[axis])))];
      problems.push(`at ${at}/${axis}: the axis has no value ${canonicalJson(value)} — expected one of ${values.join(', ')}`);
    }
  }
  if (free !== null && free in named) problems.push(`at ${at}/${free}: the dose axis of a monotone claim varies — leave it out of "at"`);
  for (const axis of study.axes) {
    if (axis === free || axis in named) continue;
    const values = new Set(study.points.map((point) => canonicalJson(point.axes[axis])));
    if (values.size > 1) problems.push(`at ${at}: axis "${axis}" has ${values.size} values — name the one meant, e.g. "at": { "${axis}": ${[...values][0]} }`);
  }
  return problems;
}
