// The checkpoint file: a JSON header (length-prefixed) describing each array, then the arrays' raw little-endian bytes.
import { readFileSync } from 'node:fs';
import { DATA_CORRUPT } from '../errors.js';
import type { ModelState, ParameterState } from '../lifespan/state.js';
import { writeFileAtomic } from './atomic-write.js';
import { decodePluginState, encodePluginState, type EncodedPluginState } from './plugin-state-codec.js';

const MAGIC = 'ONTOGENY-CKPT-1\n';

type ArrayField = 'values' | 'mask' | 'removed' | 'scores' | 'denseGrad' | 'codes' | 'scales' | 'zeroPoints' | 'taskMask';
type Stored = Float32Array | Uint32Array | Int32Array;

interface ArrayEntry {
  readonly parameter: string;
  readonly field: ArrayField;
  /** The task of a `taskMask` (one entry per task). */
  readonly task?: string;
  readonly dtype: 'f32' | 'u32' | 'i32';
  readonly offset: number;
  readonly length: number;
}
interface Header {
  readonly phase: string;
  readonly heads: readonly string[];
  readonly parameters: ReadonlyArray<{ name: string; shape: readonly number[]; bits?: number }>;
  readonly arrays: readonly ArrayEntry[];
  /** What the model keeps besides its parameters (a BERT's head importances); its arrays follow the parameters'. */
  readonly extra?: EncodedPluginState;
}

function dtypeOf(array: Stored): ArrayEntry['dtype'] {
  return array instanceof Float32Array ? 'f32' : array instanceof Uint32Array ? 'u32' : 'i32';
}

function fieldsOf(state: ParameterState): Array<[ArrayField, Stored, string?]> {
  const fields: Array<[ArrayField, Stored | undefined, string?]> = [
    ['values', state.values], ['mask', state.mask], ['removed', state.removed], ['scores', state.scores], ['denseGrad', state.denseGrad],
    ['codes', state.quantization?.codes], ['scales', state.quantization?.scales], ['zeroPoints', state.quantization?.zeroPoints],
    ...Object.entries(state.taskMasks ?? {}).map(([task, words]): [ArrayField, Stored, string] => ['taskMask', words, task]),
  ];
  return fields.filter((field): field is [ArrayField, Stored, string?] => field[1] !== undefined);
}

/** Writes the state at the end of `phase` to `path` (atomically); returns the file's bytes. */
export function writeCheckpoint(path: string, phase: string, state: ModelState): Uint8Array {
  const bytes = encodeCheckpoint(phase, state);
  writeFileAtomic(path, bytes);
  return bytes;
}

/** The bytes of a checkpoint of `state` labelled `phase`. */
export function encodeCheckpoint(phase: string, state: ModelState): Uint8Array {
  const arrays: ArrayEntry[] = [];
  const blobs: Uint8Array[] = [];
  let offset = 0;
  for (const parameter of state.parameters) {
    for (const [field, array, task] of fieldsOf(parameter)) {
      arrays.push({ parameter: parameter.name, field, ...(task !== undefined ? { task } : {}), dtype: dtypeOf(array), offset, length: array.length });
      blobs.push(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
      offset += array.byteLength;
    }
  }
  const extra = state.extra ? encodePluginState(state.extra, (bytes) => {
    blobs.push(bytes);
    offset += bytes.byteLength;
    return { offset: offset - bytes.byteLength, length: bytes.byteLength };
  }) : undefined;
  const header: Header = {
    phase,
    heads: state.heads,
    parameters: state.parameters.map((p) => ({ name: p.name, shape: p.shape, ...(p.quantization ? { bits: p.quantization.bits } : {}) })),
    arrays,
    ...(extra ? { extra } : {}),
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerBytes.length);
  return Buffer.concat([Buffer.from(MAGIC, 'latin1'), length, headerBytes, ...blobs]);
}

/** Reads a checkpoint written by `writeCheckpoint`; a wrong or truncated file is reported as DATA_CORRUPT. */
export function readCheckpoint(path: string): { phase: string; state: ModelState } {
  return decodeCheckpoint(readFileSync(path), path);
}

/** Decodes the bytes of `encodeCheckpoint`; `path` names them in errors. */
export function decodeCheckpoint(bytes: Buffer, path: string): { phase: string; state: ModelState } {
  if (bytes.length < MAGIC.length + 4) throw DATA_CORRUPT(path, 'truncated: shorter than a checkpoint header');
  if (bytes.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) throw DATA_CORRUPT(path, 'not an Ontogeny checkpoint (bad magic)');
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  const dataStart = MAGIC.length + 4 + headerLength;
  let header: Header;
  try {
    header = JSON.parse(bytes.subarray(MAGIC.length + 4, dataStart).toString('utf8')) as Header;
  } catch {
    throw DATA_CORRUPT(path, 'truncated or damaged: its header is not readable');
  }
  const read = (entry: ArrayEntry): Stored => {
    const start = dataStart + entry.offset;
    const size = entry.length * 4;
    if (start + size > bytes.length) throw DATA_CORRUPT(path, `truncated: ${entry.parameter}.${entry.field} ends past the file`);
    const copy = new Uint8Array(bytes.subarray(start, start + size)).buffer;
    return entry.dtype === 'f32' ? new Float32Array(copy) : entry.dtype === 'u32' ? new Uint32Array(copy) : new Int32Array(copy);
  };
  const parameters = header.parameters.map((parameter) => {
    const entries = header.arrays.filter((entry) => entry.parameter === parameter.name);
    const fields = new Map(entries.filter((entry) => entry.field !== 'taskMask').map((entry) => [entry.field, read(entry)]));
    const taskMasks = entries.filter((entry) => entry.field === 'taskMask').map((entry) => [entry.task!, read(entry) as Uint32Array] as const);
    const codes = fields.get('codes');
    return {
      name: parameter.name,
      shape: parameter.shape,
      values: fields.get('values') as Float32Array,
      ...(fields.has('mask') ? { mask: fields.get('mask') as Uint32Array } : {}),
      ...(fields.has('removed') ? { removed: fields.get('removed') as Uint32Array } : {}),
      ...(fields.has('scores') ? { scores: fields.get('scores') as Float32Array } : {}),
      ...(fields.has('denseGrad') ? { denseGrad: fields.get('denseGrad') as Float32Array } : {}),
      ...(codes ? {
        quantization: {
          bits: parameter.bits ?? 8, codes: codes as Int32Array,
          scales: fields.get('scales') as Float32Array, zeroPoints: fields.get('zeroPoints') as Int32Array,
        },
      } : {}),
      ...(taskMasks.length > 0 ? { taskMasks: Object.fromEntries(taskMasks) } : {}),
    } satisfies ParameterState;
  });
  const extra = header.extra ? decodePluginState(header.extra, (blob) => {
    const start = dataStart + blob.offset;
    if (start + blob.length > bytes.length) throw DATA_CORRUPT(path, 'truncated: the model\'s own state ends past the file');
    return bytes.subarray(start, start + blob.length);
  }) : undefined;
  return { phase: header.phase, state: { heads: header.heads, parameters, ...(extra ? { extra } : {}) } };
}
