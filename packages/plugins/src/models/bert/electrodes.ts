// Electrodes: records activations and attention maps of chosen layers at chosen steps into one binary file with a JSON index.
// K = recorded sequences, T = sequence length, D = width, H = heads
import { appendFileSync, existsSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errors, writeFileAtomic, type Tensor } from '@ontogeny/core';
import type { EncoderProbe } from './bert-model.js';

/** The file names inside the run directory (see docs/electrodes.md). */
export const ELECTRODE_DATA = 'electrodes.bin';
export const ELECTRODE_INDEX = 'electrodes.json';
export const ELECTRODE_FORMAT = 'ontogeny-electrodes/1';

export type RecordingKind = 'tokens' | 'activations' | 'attention';

/** One array in `electrodes.bin`: little-endian, row-major, at `offset` bytes, `shape` in the kind's axis order. */
export interface ElectrodeRecord {
  readonly step: number;
  /** Where in the lifespan: a phase name or any label the caller gives. */
  readonly label: string;
  /** The encoder layer, or −1 for the tokens of the recorded sequences. */
  readonly layer: number;
  readonly kind: RecordingKind;
  readonly dtype: 'float32' | 'int32';
  /** tokens [K,T]; activations [K,T,D]; attention [K,H,T,T] (query row, key column). */
  readonly shape: readonly number[];
  readonly offset: number;
  readonly bytes: number;
}

export interface ElectrodeIndex {
  readonly format: typeof ELECTRODE_FORMAT;
  readonly data: typeof ELECTRODE_DATA;
  readonly records: ElectrodeRecord[];
}

export interface ElectrodeOptions {
  /** Encoder layers to record (all by default). */
  readonly layers?: readonly number[];
  /** Record at these steps… */
  readonly steps?: readonly number[];
  /** …or every this many steps (when `steps` is not given; 1 by default). */
  readonly every?: number;
  /** The first K sequences of the batch (4 by default): a fixed probe set when the caller feeds the same inputs. */
  readonly sequences?: number;
  readonly record?: readonly Exclude<RecordingKind, 'tokens'>[];
}

/**
 * Records what a BERT's last forward pass saw. Call `record` after a forward pass; the data file only grows and
 * the index is rewritten atomically after each record, so a killed run leaves a readable recording (bytes past
 * the last indexed record are ignored).
 *
 * @example
 * const electrodes = new ElectrodeRecorder(runDir, { layers: [0, 1], every: 100 });
 * model.forward(probeInputs, 'sentiment', { training: false });
 * electrodes.record(model.probe()!, probeInputs, step, 'finetune');
 */
export class ElectrodeRecorder {
  private readonly index: ElectrodeIndex;
  private size: number;

  constructor(readonly directory: string, private readonly options: ElectrodeOptions = {}) {
    const indexFile = join(directory, ELECTRODE_INDEX);
    this.index = existsSync(indexFile) ? readElectrodeIndex(directory) : { format: ELECTRODE_FORMAT, data: ELECTRODE_DATA, records: [] };
    const last = this.index.records.at(-1);
    this.size = last ? last.offset + last.bytes : 0;
    if (!last) writeFileSync(join(directory, ELECTRODE_DATA), new Uint8Array(0));
  }

  /** Whether `step` is one the options select. */
  wants(step: number): boolean {
    if (this.options.steps) return this.options.steps.includes(step);
    return step % (this.options.every ?? 1) === 0;
  }

  /** Appends the probe's selected layers at `step` (if selected); returns the records written. */
  record(probe: EncoderProbe, tokens: Tensor, step: number, label: string): ElectrodeRecord[] {
    if (!this.wants(step)) return [];
    const K = Math.min(this.options.sequences ?? 4, probe.batch);
    const T = probe.length;
    const layers = this.options.layers ?? probe.activations.map((_, l) => l);
    const kinds = this.options.record ?? ['activations', 'attention'];
    const written: ElectrodeRecord[] = [];
    const put = (layer: number, kind: RecordingKind, shape: number[], values: Float32Array | Int32Array): void => {
      const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
      appendFileSync(join(this.directory, ELECTRODE_DATA), bytes);
      const entry: ElectrodeRecord = {
        step, label, layer, kind, dtype: values instanceof Int32Array ? 'int32' : 'float32', shape, offset: this.size, bytes: bytes.length,
      };
      this.size += bytes.length;
      this.index.records.push(entry);
      written.push(entry);
    };
    put(-1, 'tokens', [K, T], Int32Array.from(tokens.data.subarray(0, K * T)));
    for (const layer of layers) {
      const activations = probe.activations[layer];
      const attention = probe.attention[layer];
      if (!activations || !attention) throw new RangeError(`electrodes: the encoder has no layer ${layer}`);
      const D = activations.cols;
      const H = attention.rows / (probe.batch * T);
      // The first K sequences are the first K·T rows (activations) and K·H·T rows (attention): copies, not views
      if (kinds.includes('activations')) put(layer, 'activations', [K, T, D], activations.data.slice(0, K * T * D));
      if (kinds.includes('attention')) put(layer, 'attention', [K, H, T, T], attention.data.slice(0, K * H * T * T));
    }
    this.writeIndex();
    return written;
  }

  /** How many records the index holds. */
  get recordCount(): number {
    return this.index.records.length;
  }

  /**
   * Forgets every record after the first `count` (those a resumed run records again), in the index and in the
   * data file, as if they had never been written.
   */
  keepFirst(count: number): void {
    const records = this.index.records;
    if (count > records.length) {
      throw errors.DATA_CORRUPT(join(this.directory, ELECTRODE_INDEX), `holds ${records.length} records, fewer than the ${count} the run's checkpoint had written — the folder was changed since; --force starts the run again`);
    }
    records.length = count;
    const last = records.at(-1);
    this.size = last ? last.offset + last.bytes : 0;
    truncateSync(join(this.directory, ELECTRODE_DATA), this.size);
    this.writeIndex();
  }

  private writeIndex(): void {
    writeFileAtomic(join(this.directory, ELECTRODE_INDEX), `${JSON.stringify(this.index, null, 1)}\n`);
  }
}

export function readElectrodeIndex(directory: string): ElectrodeIndex {
  const index = JSON.parse(readFileSync(join(directory, ELECTRODE_INDEX), 'utf8')) as ElectrodeIndex;
  if (index.format !== ELECTRODE_FORMAT) throw new Error(`electrodes: ${join(directory, ELECTRODE_INDEX)} is not ${ELECTRODE_FORMAT} (found ${String(index.format)})`);
  return index;
}

/** The values of one record, read from `electrodes.bin`. */
export function readElectrode(directory: string, record: ElectrodeRecord): Float32Array | Int32Array {
  const file = readFileSync(join(directory, ELECTRODE_DATA));
  const bytes = file.subarray(record.offset, record.offset + record.bytes);
  if (bytes.length !== record.bytes) throw new Error(`electrodes: ${ELECTRODE_DATA} ends before the record at ${record.offset} (a truncated file)`);
  const copy = new Uint8Array(bytes).buffer; // aligned for the typed-array view
  return record.dtype === 'int32' ? new Int32Array(copy) : new Float32Array(copy);
}
