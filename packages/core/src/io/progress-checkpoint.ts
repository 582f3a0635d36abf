// Progress checkpoints: everything a run needs to continue from a point inside or between phases, checksummed, latest two kept.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_CORRUPT } from '../errors.js';
import type { ModelState } from '../lifespan/state.js';
import type { PluginState } from '../plugin/contracts/checkpointable.js';
import type { RngState } from '../tensor/rng.js';
import { writeFileAtomic } from './atomic-write.js';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint-file.js';
import { decodePluginState, encodePluginState, type Blob, type EncodedPluginState } from './plugin-state-codec.js';

const MAGIC = 'ONTOGENY-PROGRESS-1\n';
const DIGEST_BYTES = 32;
/** The latest and the one before, so a damaged latest still leaves a point to continue from. */
const KEPT = 2;

/** Where in the lifespan a checkpoint was taken. */
export interface ProgressCursor {
  /** Index of the phase to continue. */
  readonly phase: number;
  /** Inside that phase: which of its training loops (0, 1, … in the order the phase runs them), or null before the phase starts. */
  readonly loop: number | null;
  /** The next step of that loop. */
  readonly step: number;
}

/** What a run needs to continue from `cursor` as if it had never stopped. */
export interface Progress {
  readonly cursor: ProgressCursor;
  /** Events the run had emitted: the log is cut back to this many. */
  readonly eventCount: number;
  readonly state: ModelState;
  /** Weights kept for rewinding, by label, then parameter name. */
  readonly saved: ReadonlyMap<string, ReadonlyMap<string, Float32Array>>;
  /** The state of each plugin the phase had created, in creation order (null: it keeps none). */
  readonly plugins: ReadonlyArray<PluginState | null>;
  /** The training loop's disorder noise stream. */
  readonly noise: RngState | null;
  /** What the kernel remembers that its choices depend on (a native kernel's layouts), null for a kernel without. */
  readonly kernel: PluginState | null;
  /** The state of each of the spec's reporters, in the spec's order (null: it keeps none): what they had written. */
  readonly reporters: ReadonlyArray<PluginState | null>;
}

interface Header {
  readonly cursor: ProgressCursor;
  readonly eventCount: number;
  readonly noise: RngState | null;
  readonly model: Blob;
  readonly saved: ReadonlyArray<{ label: string; parameters: ReadonlyArray<{ name: string } & Blob> }>;
  readonly plugins: ReadonlyArray<EncodedPluginState | null>;
  readonly kernel: EncodedPluginState | null;
  /** Absent from checkpoints written before reporters kept state. */
  readonly reporters?: ReadonlyArray<EncodedPluginState | null>;
}

/** The folder of a run's progress checkpoints. */
export function progressFolder(runDir: string): string {
  return join(runDir, 'checkpoints', 'progress');
}

/**
 * Writes `progress` as the next checkpoint in `folder` (temporary file, sync, rename, folder sync), then
 * deletes all but the latest two.
 */
export function writeProgress(folder: string, progress: Progress): string {
  mkdirSync(folder, { recursive: true });
  const existing = listProgress(folder);
  const sequence = existing.length > 0 ? existing[0].sequence + 1 : 1;
  const file = join(folder, `${String(sequence).padStart(8, '0')}.ckpt`);
  writeFileAtomic(file, encodeProgress(progress));
  for (const old of listProgress(folder).slice(KEPT)) rmSync(old.file, { force: true });
  return file;
}

/**
 * The latest progress checkpoint in `folder` that reads back whole; a damaged or partial one is reported to
 * `onDamaged` and the one before it is tried. Null when there is none.
 */
export function readLatestProgress(folder: string, onDamaged: (file: string, reason: string) => void = () => {}): { file: string; progress: Progress } | null {
  if (!existsSync(folder)) return null;
  for (const { file } of listProgress(folder)) {
    try {
      return { file, progress: decodeProgress(readFileSync(file), file) };
    } catch (error) {
      onDamaged(file, (error as Error).message);
    }
  }
  return null;
}

/** The checkpoints of `folder`, latest first. */
function listProgress(folder: string): Array<{ file: string; sequence: number }> {
  return readdirSync(folder)
    .filter((name) => /^\d+\.ckpt$/.test(name))
    .map((name) => ({ file: join(folder, name), sequence: Number(name.slice(0, -'.ckpt'.length)) }))
    .sort((a, b) => b.sequence - a.sequence);
}

function encodeProgress(progress: Progress): Uint8Array {
  const blobs: Uint8Array[] = [];
  let offset = 0;
  const add = (bytes: Uint8Array): Blob => {
    blobs.push(bytes);
    const blob = { offset, length: bytes.byteLength };
    offset += bytes.byteLength;
    return blob;
  };
  const asBytes = (array: Float32Array) => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  const header: Header = {
    cursor: progress.cursor,
    eventCount: progress.eventCount,
    noise: progress.noise,
    model: add(encodeCheckpoint('progress', progress.state)),
    saved: [...progress.saved].map(([label, weights]) => ({
      label, parameters: [...weights].map(([name, values]) => ({ name, ...add(asBytes(values)) })),
    })),
    plugins: progress.plugins.map((state) => state === null ? null : encodePluginState(state, add)),
    kernel: progress.kernel === null ? null : encodePluginState(progress.kernel, add),
    reporters: progress.reporters.map((state) => state === null ? null : encodePluginState(state, add)),
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerBytes.length);
  const body = Buffer.concat([Buffer.from(MAGIC, 'latin1'), length, headerBytes, ...blobs]);
  return Buffer.concat([body, createHash('sha256').update(body).digest()]);
}

function decodeProgress(bytes: Buffer, file: string): Progress {
  if (bytes.length < MAGIC.length + 4 + DIGEST_BYTES || bytes.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) {
    throw DATA_CORRUPT(file, 'not a whole progress checkpoint (bad magic or too short)');
  }
  const body = bytes.subarray(0, bytes.length - DIGEST_BYTES);
  if (!createHash('sha256').update(body).digest().equals(bytes.subarray(bytes.length - DIGEST_BYTES))) {
    throw DATA_CORRUPT(file, 'its checksum does not match its contents (a partial or damaged write)');
  }
  const headerLength = body.readUInt32LE(MAGIC.length);
  const dataStart = MAGIC.length + 4 + headerLength;
  const header = JSON.parse(body.subarray(MAGIC.length + 4, dataStart).toString('utf8')) as Header;
  const slice = (blob: Blob) => body.subarray(dataStart + blob.offset, dataStart + blob.offset + blob.length);
  const floats = (blob: Blob) => new Float32Array(new Uint8Array(slice(blob)).buffer);
  return {
    cursor: header.cursor,
    eventCount: header.eventCount,
    noise: header.noise,
    state: decodeCheckpoint(Buffer.from(slice(header.model)), file).state,
    saved: new Map(header.saved.map(({ label, parameters }) => [label, new Map(parameters.map((p) => [p.name, floats(p)]))])),
    plugins: header.plugins.map((plugin) => plugin === null ? null : decodePluginState(plugin, slice)),
    kernel: header.kernel === null ? null : decodePluginState(header.kernel, slice),
    reporters: (header.reporters ?? []).map((state) => state === null ? null : decodePluginState(state, slice)),
  };
}
