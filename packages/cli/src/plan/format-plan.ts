// A lifespan's plan as text for a terminal.
import type { LifespanPlan, PlannedEvent, PlannedEvaluation, PlannedLayer } from './plan-lifespan.js';

/** A count with thousands separators. */
export const count = (value: number) => value.toLocaleString('en-US');

function duration(seconds: number): string {
  if (seconds === 0) return '0 s';
  if (seconds < 1) return `${Math.max(1, Math.round(seconds * 1000))} ms`;
  if (seconds < 120) return `${seconds.toPrecision(2)} s`;
  return `${(seconds / 60).toPrecision(2)} min`;
}

function layerText(layer: PlannedLayer): string {
  const size = layer.rows * layer.cols;
  if (layer.kept === null) return `${layer.name} learned by the mask`;
  return layer.kept === size ? `${layer.name} ${count(size)}` : `${layer.name} ${count(layer.kept)} of ${count(size)} (${(100 * layer.kept / size).toFixed(1)} %)`;
}

function eventText(event: PlannedEvent): string {
  return `${event.step}${event.scheduleStep === undefined ? '' : ` [${event.scheduleStep}]`} → ${event.sparsity.toFixed(3)}`;
}

function evaluationText(evaluation: PlannedEvaluation): string {
  return `${evaluation.passes === 1 ? '' : `${count(evaluation.passes)} × `}${count(evaluation.examples)} examples (${evaluation.what})`;
}

/** The plan in lines: the run, the tasks, each phase with its steps, events and kept weights, then the estimate. */
export function formatPlan(plan: LifespanPlan): string {
  const lines = [`${plan.name} (${plan.hash}), seed ${plan.seed}, ${plan.kernel} kernel`];
  lines.push(`tasks: ${plan.tasks.map((task) => `${task.name} ${task.members === null ? '' : `(a stream of ${count(task.members)}, each) `}`
    + `${count(task.train)} train / ${count(task.test)} test, ${task.classes} classes`).join('; ')}`);
  lines.push(`masked weights: ${count(plan.parameters)} (${plan.phases[0]?.layers.map((layer) => `${layer.name} ${layer.rows}×${layer.cols}`).join(', ')})`);
  for (const phase of plan.phases) {
    const on = phase.tasks.length > 0 ? ` learning ${count(phase.tasks.length)} tasks` : phase.task ? ` on ${phase.task}` : '';
    lines.push(`${phase.index}/${plan.phases.length} ${phase.name} — ${phase.kind}${on}, from ${phase.from}: ${phase.how}`);
    if (phase.events.length > 0) {
      const shown = phase.events.length <= 12 ? phase.events : [...phase.events.slice(0, 6), null, ...phase.events.slice(-5)];
      const scheduled = phase.events[0]!.scheduleStep !== undefined;
      lines.push(`    events (step${scheduled ? ' [schedule step]' : ''} → sparsity): ${shown.map((event) => (event === null ? '…' : eventText(event))).join(', ')}`);
    }
    if (phase.evaluations.length > 0) lines.push(`    evaluations: ${phase.evaluations.map(evaluationText).join('; ')}`);
    lines.push(`    kept weights: ${phase.layers.map(layerText).join(', ')}`);
    lines.push(`    masked products ≈ ${duration(phase.seconds)}`);
  }
  const steps = plan.phases.reduce((sum, phase) => sum + phase.steps, 0);
  lines.push(`${count(steps)} steps; at least ${duration(plan.seconds)} on the native kernel — its cost model for the masked layers' ` +
    'products in training, evaluation and task inference alone (heads, attention, optimiser updates and data add to it; the reference kernel is many times slower)');
  return `${lines.join('\n')}\n`;
}
