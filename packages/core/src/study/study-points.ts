// The points of a study: the grid over its axes, or a seeded random sample of them; each point is a patch of the base spec.
import { Rng } from '../tensor/rng.js';
import { canonicalJson } from '../spec/canonical-json.js';
import type { AxisSpec, Json, Patch, VarySpec } from './study-spec.js';

/** One point: the value of each axis, and the patch of the base spec that makes it. */
export interface StudyPoint {
  /** Axis name → value (a level's name as a number when it is one, so doses stay numeric). */
  readonly axes: Readonly<Record<string, Json>>;
  readonly patch: Patch;
}

/** One value of one axis and what it changes. */
interface AxisLevel {
  readonly value: Json;
  readonly patch: Patch;
}

/**
 * The points of `vary` (one point without axes when it is absent), in grid order — the first axis varies
 * slowest — or in the order a sample drew them. Problems are located under `at` (the JSON path of `vary`).
 */
export function studyPoints(vary: VarySpec | undefined, at: string): { points: StudyPoint[]; problems: string[] } {
  if (!vary) return { points: [{ axes: {}, patch: {} }], problems: [] };
  const problems: string[] = [];
  const axes = Object.entries(vary.axes).map(([name, axis]) => ({ name, axis: normalise(name, axis) }));
  for (const { name, axis } of axes) problems.push(...axisProblems(axis, `${at}/axes/${escape(name)}`, vary.sample !== undefined));
  if (problems.length > 0) return { points: [], problems };
  if (vary.sample) {
    const rng = Rng.derive(vary.sample.seed, 'study-sample');
    const drawn = new Map<string, StudyPoint>();
    for (let i = 0; i < vary.sample.count; i++) {
      const choice = axes.map(({ name, axis }) => ({ name, level: draw(axis, rng) }));
      const point = pointOf(choice);
      drawn.set(canonicalJson(point.axes), point);
    }
    return { points: [...drawn.values()], problems };
  }
  let grid: Array<Array<{ name: string; level: AxisLevel }>> = [[]];
  for (const { name, axis } of axes) {
    grid = grid.flatMap((partial) => levelsOf(axis).map((level) => [...partial, { name, level }]));
  }
  return { points: grid.map(pointOf), problems };
}

/** "bits=3, lr=0.01" (or "(base)" for the point without axes). */
export function pointLabel(axes: Readonly<Record<string, Json>>): string {
  const parts = Object.entries(axes).map(([name, value]) => `${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return parts.length > 0 ? parts.join(', ') : '(base)';
}

/** The shorthand `"/pointer": [values]` as `{ path, values }`. */
function normalise(name: string, axis: AxisSpec | readonly Json[]): AxisSpec {
  return isValueList(axis) ? { path: name, values: axis } : axis;
}

/** Array.isArray as a guard that also recognises a readonly list. */
function isValueList(axis: AxisSpec | readonly Json[]): axis is readonly Json[] {
  return Array.isArray(axis);
}

function axisProblems(axis: AxisSpec, at: string, sampled: boolean): string[] {
  const problems: string[] = [];
  if (axis.values === undefined && axis.levels === undefined && axis.range === undefined) {
    problems.push(`at ${at}: an axis needs values (with a path), levels, or a range — found none`);
  }
  if ((axis.values !== undefined || axis.range !== undefined) && axis.path === undefined) {
    problems.push(`at ${at}: missing property — expected "path", the JSON pointer its values go to`);
  }
  if (axis.range !== undefined) {
    if (!sampled) problems.push(`at ${at}/range: a range has no grid — add "sample": { "count": N } to vary, or give values`);
    if (axis.values !== undefined || axis.levels !== undefined) problems.push(`at ${at}: give a range or values/levels, not both`);
    if (axis.range.min > axis.range.max) problems.push(`at ${at}/range: min ${axis.range.min} is above max ${axis.range.max}`);
    if (axis.range.scale === 'log' && axis.range.min <= 0) problems.push(`at ${at}/range/min: a log range must start above 0 — found ${axis.range.min}`);
  }
  return problems;
}

function levelsOf(axis: AxisSpec): AxisLevel[] {
  const values = (axis.values ?? []).map((value) => ({ value, patch: { [axis.path as string]: value } }));
  const named = Object.entries(axis.levels ?? {}).map(([name, patch]) => ({ value: numericName(name), patch }));
  return [...values, ...named];
}

function draw(axis: AxisSpec, rng: Rng): AxisLevel {
  const range = axis.range;
  if (range === undefined) {
    const levels = levelsOf(axis);
    return levels[rng.int(levels.length)];
  }
  const u = rng.uniform();
  let value = range.scale === 'log'
    ? Math.exp(Math.log(range.min) + u * (Math.log(range.max) - Math.log(range.min)))
    : range.min + u * (range.max - range.min);
  if (range.integer) value = Math.round(value);
  return { value, patch: { [axis.path as string]: value } };
}

function pointOf(choice: ReadonlyArray<{ name: string; level: AxisLevel }>): StudyPoint {
  return {
    axes: Object.fromEntries(choice.map(({ name, level }) => [name, level.value])),
    patch: Object.assign({}, ...choice.map(({ level }) => level.patch)) as Patch,
  };
}

/** A level named "32" stands for the number 32. */
function numericName(name: string): Json {
  const number = Number(name);
  return name.trim() !== '' && Number.isFinite(number) && String(number) === name ? number : name;
}

/** An axis name as one JSON pointer segment (axis names may themselves be pointers). */
function escape(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}
