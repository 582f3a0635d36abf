// Reads a study file and checks all of it — the study, its base spec, every expanded run's spec — before any compute.
import { dirname, resolve } from 'node:path';
import {
  buildStudySchema, errors, expandStudy, PHASE_KINDS, pointLabel, referenceProblems, specSchema, validateSpec, validateStudy,
  type ExpandedStudy, type Json, type PluginRegistry, type StudySpec,
} from '@ontogeny/core';
import { readSpec } from '../read-spec.js';

export interface LoadedStudy {
  readonly spec: StudySpec;
  readonly study: ExpandedStudy;
  /** The file the base spec came from (the study file when it is inline): paths in it are relative to this. */
  readonly baseFile: string;
}

/** The study in `file` under `profile`, expanded and validated; input errors (exit 2) name the file and the JSON path. */
export function loadStudy(file: string, registry: PluginRegistry, profile: string | null): LoadedStudy {
  const lifespanSchema = specSchema(registry);
  const spec = validateStudy(readSpec(file), file, buildStudySchema(lifespanSchema), PHASE_KINDS);
  const baseFile = typeof spec.base === 'string' ? resolve(dirname(file), spec.base) : file;
  const base = typeof spec.base === 'string' ? readSpec(baseFile) : spec.base;
  // A base in a file of its own is checked as what it is: a lifespan spec, with its own file name in messages
  if (typeof spec.base === 'string') validateSpec(base, baseFile, lifespanSchema, PHASE_KINDS);
  const expanded = expandStudy(spec, base as Record<string, Json>, profile);
  if (expanded.study === null) throw errors.STUDY_INVALID(file, indent(expanded.problems));
  const study = expanded.study;
  const phases = ((base as { phases: Array<{ name: string }> }).phases).map((phase) => phase.name);
  const problems = referenceProblems(study, phases, study.profile !== null && spec.profiles?.[study.profile]?.claims ? `/profiles/${study.profile}/claims` : '/claims');
  if (problems.length > 0) throw errors.STUDY_INVALID(file, indent(problems));
  for (const run of study.runs) {
    validateSpec(run.spec, `${file} (the base spec at point ${pointLabel(run.point.axes)}, seed ${run.seed})`, lifespanSchema, PHASE_KINDS);
  }
  return { spec, study, baseFile };
}

function indent(lines: readonly string[]): string {
  return lines.map((line) => `  ${line}`).join('\n');
}
