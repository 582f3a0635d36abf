// First-order Taylor pruning: the estimated change in loss from removing a connection, |w·dL/dw| averaged over steps.
import { definePlugin, type Checkpointable, type MaskedParameter, type Parameter, type PluginState, type PruningCriterion } from '@ontogeny/core';
import { criterionOptionsSchema } from './criterion-options.js';
import { GradientAccumulator } from './gradient-accumulator.js';
import { magnitudes } from './magnitude.js';

/**
 * |1/T · Σ_t (dL/dW)_t ⊙ W_t| over the steps since the last pruning event (Molchanov et al. 2017, eq. 8: the
 * absolute mean, since removing w changes the loss by about −w·dL/dw); reset after each event, as the
 * gradients then describe another network. Before any step is observed, |w| stands in.
 */
export class TaylorCriterion implements PruningCriterion, Checkpointable {
  private readonly products = new GradientAccumulator();

  constructor(readonly scope: 'layer' | 'global') {}

  observe(w: MaskedParameter): void {
    this.products.observe(w);
  }

  saveState(layers: readonly Parameter[]): PluginState {
    return this.products.saveState(layers);
  }

  loadState(layers: readonly Parameter[], saved: PluginState): void {
    this.products.loadState(layers, saved);
  }

  importance(w: MaskedParameter): Float32Array {
    const observed = this.products.sum(w);
    if (!observed) return magnitudes(w);
    const importance = Float32Array.from(observed.sum, (s) => Math.abs(s / observed.steps));
    this.products.forget(w);
    return importance;
  }
}

export default definePlugin({
  kind: 'criterion',
  name: 'taylor',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'Molchanov, Tyree, Karras, Aila & Kautz 2017, "Pruning Convolutional Neural Networks for Resource Efficient Inference"',
  description: 'Importance |w·dL/dw| averaged over the steps since the last event (|w| before any step).',
  options: criterionOptionsSchema({}),
  create: (options) => new TaylorCriterion(options.scope),
});
