// The contract of a plugin that learns as a run goes (an optimiser's moments, a criterion's sums): its state for checkpoints.
import type { Parameter } from '../../nn/parameter.js';

/** A plugin's state as a checkpoint stores it: named arrays, numbers and text. */
export type PluginState = Readonly<Record<string, Float32Array | Float64Array | number | string>>;

/**
 * A plugin whose later results depend on what it kept from earlier steps (a model too, for what it keeps
 * besides its parameters). Without it, a run resumed from a
 * checkpoint taken inside a phase would continue with the plugin's state reset, and differ from a run that
 * was never stopped.
 */
export interface Checkpointable {
  /** Everything the plugin keeps about `parameters` that later steps depend on. */
  saveState(parameters: readonly Parameter[]): PluginState;
  /** Puts back what `saveState` returned, for parameters of the same names. */
  loadState(parameters: readonly Parameter[], state: PluginState): void;
}

/** Whether `plugin` keeps state that a checkpoint must hold. */
export function isCheckpointable(plugin: unknown): plugin is Checkpointable {
  return typeof plugin === 'object' && plugin !== null
    && typeof (plugin as Checkpointable).saveState === 'function' && typeof (plugin as Checkpointable).loadState === 'function';
}
