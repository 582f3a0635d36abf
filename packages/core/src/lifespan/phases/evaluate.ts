// `evaluate`: measures the current state on a task without changing it (the runner evaluates every phase at its end).
import { definePhase } from '../phase-kind.js';

export const evaluatePhase = definePhase({
  kind: 'evaluate',
  description: 'Measures the network as it is on a task (after disorders, for instance); changes nothing.',
  needsTask: true,
  schema: () => ({ properties: {}, required: [] }),
  run: async () => ({ steps: 0, diverged: false }),
});
