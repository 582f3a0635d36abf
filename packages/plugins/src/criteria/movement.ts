// Movement pruning: connections moving toward zero during training go first, importance −Σ_t w·dL/dw.
import { definePlugin, type Checkpointable, type MaskedParameter, type Parameter, type PluginState, type PruningCriterion } from '@ontogeny/core';
import { criterionOptionsSchema } from './criterion-options.js';
import { GradientAccumulator } from './gradient-accumulator.js';
import { magnitudes } from './magnitude.js';

/**
 * S = −Σ_t (dL/dW)_t ⊙ W_t over every step observed in the phase (Sanh, Wolf & Rush 2020, eq. 3 and §4: the
 * score a weight gains while it moves away from zero). Before any step has been observed (a prune phase
 * without re-tuning) there is no movement to measure, and |w| stands in.
 */
export class MovementCriterion implements PruningCriterion, Checkpointable {
  private readonly movement = new GradientAccumulator();

  constructor(readonly scope: 'layer' | 'global') {}

  observe(w: MaskedParameter): void {
    this.movement.observe(w);
  }

  saveState(layers: readonly Parameter[]): PluginState {
    return this.movement.saveState(layers);
  }

  loadState(layers: readonly Parameter[], saved: PluginState): void {
    this.movement.loadState(layers, saved);
  }

  importance(w: MaskedParameter): Float32Array {
    const observed = this.movement.sum(w);
    if (!observed) return magnitudes(w);
    return Float32Array.from(observed.sum, (s) => -s);
  }
}

export default definePlugin({
  kind: 'criterion',
  name: 'movement',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'Sanh, Wolf & Rush 2020, "Movement Pruning: Adaptive Sparsity by Fine-Tuning"',
  description: 'Importance −Σ w·dL/dw accumulated over the phase: weights shrinking toward zero go first (|w| before any step).',
  options: criterionOptionsSchema({}),
  create: (options) => new MovementCriterion(options.scope),
});
