// A phase context whose training loop counts from zero while its steps land further along the phase's one step axis.
import type { LifespanEvent } from './events.js';
import type { PhaseContext } from './phase-kind.js';

/** `event` moved `offset` steps along its phase's axis (a `step` event's length of the loop too); events without a step unchanged. */
function shifted(event: LifespanEvent, offset: number): LifespanEvent {
  switch (event.type) {
    case 'step':
      return { ...event, step: event.step + offset, steps: event.steps + offset };
    case 'evaluate':
    case 'prune':
    case 'regrow':
    case 'perturb':
    case 'diverged':
      return { ...event, step: event.step + offset };
    default:
      return event;
  }
}

/**
 * `context` for a loop that begins at step `offset` of the phase's axis but keeps its own count from zero (its data
 * order and learning-rate schedule are its own, as for each task of a continual phase): the events it emits, the
 * steps its reporters observe and its `during` disorders are placed at `offset` + its own step.
 */
export function offsetSteps(context: PhaseContext, offset: number): PhaseContext {
  if (offset === 0) return context;
  const { during } = context;
  return {
    ...context,
    emit: (event) => context.emit(shifted(event, offset)),
    observeStep: (step) => context.observeStep(step + offset),
    during: during ? { every: during.every, apply: (step) => during.apply(step + offset) } : null,
  };
}
