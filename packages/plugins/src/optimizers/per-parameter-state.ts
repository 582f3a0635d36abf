// Optimiser state kept per parameter and per entry, so regrown connections can have theirs forgotten one by one.
import type { Checkpointable, Parameter, PluginState } from '@ontogeny/core';

/** Named per-entry arrays of one parameter's state (moments, velocities, step counts). */
export type EntryState<K extends string> = { readonly [key in K]: Float32Array };

/**
 * A table of per-entry state arrays keyed by the parameter (a WeakMap, so dropped parameters take their state
 * with them). Entries start at 0, which every optimiser here treats as "never updated".
 */
export class PerParameterState<K extends string> implements Checkpointable {
  private readonly states = new WeakMap<Parameter, EntryState<K>>();

  constructor(private readonly keys: readonly K[]) {}

  /** The state of `param`, created zeroed on first use. */
  of(param: Parameter): EntryState<K> {
    let state = this.states.get(param);
    if (!state) {
      state = Object.fromEntries(this.keys.map((key) => [key, new Float32Array(param.size)])) as EntryState<K>;
      this.states.set(param, state);
    }
    return state;
  }

  /** Zeroes the state of the given entries, or drops the parameter's state entirely when `indices` is omitted. */
  reset(param: Parameter, indices?: Iterable<number>): void {
    if (indices === undefined) {
      this.states.delete(param);
      return;
    }
    const state = this.states.get(param);
    if (!state) return;
    const arrays = this.keys.map((key) => state[key]);
    for (const i of indices) for (const array of arrays) array[i] = 0;
  }

  /** The state of each of `params` that has one, as "<key>#<parameter name>" arrays (copies). */
  saveState(params: readonly Parameter[]): PluginState {
    const saved: Record<string, Float32Array> = {};
    for (const param of params) {
      const state = this.states.get(param);
      if (state) for (const key of this.keys) saved[`${key}#${param.name}`] = state[key].slice();
    }
    return saved;
  }

  /** Replaces the state of `params` by what `saveState` returned (a parameter absent from it has none). */
  loadState(params: readonly Parameter[], saved: PluginState): void {
    for (const param of params) {
      this.states.delete(param);
      const arrays = this.keys.map((key) => saved[`${key}#${param.name}`]);
      if (arrays.every((array): array is Float32Array => array instanceof Float32Array && array.length === param.size)) {
        this.states.set(param, Object.fromEntries(this.keys.map((key, i) => [key, arrays[i].slice()])) as EntryState<K>);
      }
    }
  }
}
