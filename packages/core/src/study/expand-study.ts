// A study expanded: its points × seeds, each an ordinary lifespan spec; the profile (if any) applied first.
import { applyPatch } from './apply-patch.js';
import { studyPoints, pointLabel, type StudyPoint } from './study-points.js';
import type { ClaimSpec, DifferenceSpec, Json, StudySpec } from './study-spec.js';

/** One run of a study: a point, a seed, and the lifespan spec they make. */
export interface PlannedRun {
  readonly point: StudyPoint;
  readonly seed: number;
  readonly spec: Readonly<Record<string, Json>>;
}

export interface ExpandedStudy {
  readonly name: string;
  /** `<name>` or `<name>-<profile>`: the study folder. */
  readonly folder: string;
  readonly profile: string | null;
  readonly seeds: readonly number[];
  /** Axis names in order. */
  readonly axes: readonly string[];
  readonly points: readonly StudyPoint[];
  /** Point-major, seeds in order: the order of results.csv, whatever order the runs finish in. */
  readonly runs: readonly PlannedRun[];
  readonly claims: readonly ClaimSpec[];
  readonly differences: readonly DifferenceSpec[];
}

/**
 * Expands `study` over `base` (its lifespan spec, already read) under `profile`. Returns the problems found
 * instead (a pointer that goes nowhere, an axis without values, an unknown profile), each located by its JSON
 * path in the study file.
 */
export function expandStudy(study: StudySpec, base: Readonly<Record<string, Json>>, profile: string | null = null):
  { study: ExpandedStudy; problems: [] } | { study: null; problems: string[] } {
  const chosen = profile === null ? {} : study.profiles?.[profile];
  if (chosen === undefined) {
    const known = Object.keys(study.profiles ?? {});
    return { study: null, problems: [`--profile ${profile}: the study has no such profile — expected one of ${known.join(', ') || '(none: it defines no profiles)'}`] };
  }
  const profileAt = `/profiles/${profile}`;
  const problems: string[] = [];
  const patched = applyPatch(base, chosen.set ?? {});
  problems.push(...patched.problems.map((problem) => `at ${profileAt}/set: ${problem}`));
  const varyAt = chosen.vary ? `${profileAt}/vary` : '/vary';
  const { points, problems: axisProblems } = studyPoints(chosen.vary ?? study.vary, varyAt);
  problems.push(...axisProblems);
  const seeds = seedList(chosen.seeds ?? study.seeds);
  const runs: PlannedRun[] = [];
  for (const point of points) {
    const made = applyPatch(patched.spec, point.patch);
    problems.push(...made.problems.map((problem) => `at ${varyAt} (point ${pointLabel(point.axes)}): ${problem}`));
    for (const seed of seeds) runs.push({ point, seed, spec: { ...made.spec, seed } });
  }
  if (problems.length > 0) return { study: null, problems: [...new Set(problems)] };
  return {
    study: {
      name: study.name,
      folder: profile === null ? study.name : `${study.name}-${profile}`,
      profile,
      seeds,
      axes: Object.keys((chosen.vary ?? study.vary)?.axes ?? {}),
      points,
      runs,
      claims: chosen.claims ?? study.claims ?? [],
      differences: study.differences ?? [],
    },
    problems: [],
  };
}

/** A count n as the seeds 0 … n−1; a list as itself. */
export function seedList(seeds: number | readonly number[]): number[] {
  return typeof seeds === 'number' ? Array.from({ length: seeds }, (_, seed) => seed) : [...seeds];
}
