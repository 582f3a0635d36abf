// A plugin's (or a model's) state in a checkpoint file: numbers and text in the JSON header, arrays as raw bytes after it.
import type { PluginState } from '../plugin/contracts/checkpointable.js';

/** Where an array's bytes lie in the file's data section. */
export interface Blob { readonly offset: number; readonly length: number }

/** How a PluginState is described in a header. */
export interface EncodedPluginState {
  readonly scalars: Readonly<Record<string, number | string>>;
  readonly arrays: ReadonlyArray<{ key: string; dtype: 'f32' | 'f64' } & Blob>;
}

/** The header entry of `state`; each array's bytes are handed to `add`, which says where they will lie. */
export function encodePluginState(state: PluginState, add: (bytes: Uint8Array) => Blob): EncodedPluginState {
  const scalars: Record<string, number | string> = {};
  const arrays: Array<{ key: string; dtype: 'f32' | 'f64' } & Blob> = [];
  for (const [key, value] of Object.entries(state)) {
    if (typeof value === 'number' || typeof value === 'string') scalars[key] = value;
    else arrays.push({ key, dtype: value instanceof Float64Array ? 'f64' : 'f32', ...add(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) });
  }
  return { scalars, arrays };
}

/** The state an entry of `encodePluginState` describes; `slice` gives the bytes of a blob. */
export function decodePluginState(encoded: EncodedPluginState, slice: (blob: Blob) => Uint8Array): PluginState {
  const state: Record<string, Float32Array | Float64Array | number | string> = { ...encoded.scalars };
  for (const array of encoded.arrays) {
    const copy = new Uint8Array(slice(array)).buffer;
    state[array.key] = array.dtype === 'f64' ? new Float64Array(copy) : new Float32Array(copy);
  }
  return state;
}
