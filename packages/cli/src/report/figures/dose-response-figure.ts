// The dose-response of a disorder within one run: each phase's final test metric against the dose applied to it, beside the same phases undosed.
import type { TopLevelSpec } from 'vega-lite';
import type { LifespanEvent } from '@ontogeny/core';
import { FIGURE_CONFIG, type Figure } from '../figure.js';
import type { LifespanTables } from '../lifespan-tables.js';

/** A phase that received `dose` of `disorder`, and its final test metric. */
export interface DosePoint {
  readonly disorder: string;
  readonly phase: string;
  readonly dose: number;
  readonly value: number;
}

/** An undosed phase of the same kind and task as the dosed ones: the control the curve is read against. */
export interface ControlLevel {
  readonly phase: string;
  readonly value: number;
}

/**
 * One figure per disorder given at two or more doses in different phases (a study's seeds and bands come with
 * the study report). `except` names disorders another figure already draws (head lesions).
 */
export function doseResponseFigures(events: readonly LifespanEvent[], tables: LifespanTables, except: readonly string[] = []): Figure[] {
  const byDisorder = new Map<string, Array<{ phase: string; dose: number }>>();
  for (const event of events) {
    if (event.type !== 'perturb' || except.includes(event.disorder)) continue;
    byDisorder.set(event.disorder, [...(byDisorder.get(event.disorder) ?? []), { phase: event.phase, dose: event.dose }]);
  }
  return [...byDisorder].flatMap(([disorder, given]) => {
    const dosed = tables.phases.filter((p) => given.some((g) => g.phase === p.name) && tables.results[p.name]);
    if (new Set(given.map((g) => g.dose)).size < 2 || dosed.length < 2) return [];
    const metric = Object.keys(tables.results[dosed[0].name]).find((name) => name !== 'accuracy' && name !== 'loss') ?? 'accuracy';
    const points: DosePoint[] = given.filter((g) => tables.results[g.phase]?.[metric] !== undefined)
      .map((g) => ({ disorder, phase: g.phase, dose: g.dose, value: tables.results[g.phase][metric] }));
    const controls: ControlLevel[] = tables.phases
      .filter((p) => !given.some((g) => g.phase === p.name) && dosed.some((d) => d.kind === p.kind && d.task === p.task) && tables.results[p.name]?.[metric] !== undefined)
      .map((p) => ({ phase: p.name, value: tables.results[p.name][metric] }));
    const y = { field: 'value', type: 'quantitative' as const, title: `test ${metric}` };
    const spec: TopLevelSpec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      config: FIGURE_CONFIG,
      datasets: { points: points.map((p) => ({ ...p })), controls: controls.map((c) => ({ ...c })) },
      width: 460,
      height: 260,
      layer: [
        { data: { name: 'controls' }, mark: { type: 'rule', strokeDash: [4, 3], color: '#666' }, encoding: { y } },
        { data: { name: 'controls' }, mark: { type: 'text', align: 'left', dx: 4, dy: -6, fontSize: 10, color: '#444' },
          encoding: { x: { datum: Math.min(...points.map((p) => p.dose)), type: 'quantitative' }, y, text: { field: 'phase' } } },
        { name: 'dose_curve', data: { name: 'points' }, mark: { type: 'line', color: '#4c78a8' },
          encoding: { x: { field: 'dose', type: 'quantitative', title: `dose of ${disorder}` }, y } },
        { name: 'dose_points', data: { name: 'points' }, mark: { type: 'point', filled: true, size: 60, color: '#4c78a8' },
          encoding: { x: { field: 'dose', type: 'quantitative' }, y } },
      ],
    };
    return [{
      id: `dose-${disorder}`,
      title: `Dose-response of ${disorder}`,
      caption: `Each point is the final test ${metric} of a phase given that dose of ${disorder} (${points.map((p) => `${p.phase}: ${p.dose}`).join(', ')}); `
        + `dashed levels are the phases of the same kind and task without it${controls.length === 0 ? ' (none in this run)' : ''}. One seed: a study adds seeds and intervals.`,
      spec,
    }];
  });
}
