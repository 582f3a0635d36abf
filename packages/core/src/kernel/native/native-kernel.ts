// The native kernel: the Kernel contract on the C++ addon, choosing per layer among dense, CSR, 4×1 blocks and 2:4.
// B = batch, I = inputs, O = outputs
import { availableParallelism } from 'node:os';
import { MaskedParameter } from '../../mask/masked-parameter.js';
import type { Parameter } from '../../nn/parameter.js';
import type { Checkpointable, PluginState } from '../../plugin/contracts/checkpointable.js';
import type { Tensor } from '../../tensor/tensor.js';
import type {
  ActivationLayout, AdamHyperparameters, AdamState, AttentionShape, CrossEntropySums, Kernel, RmspropHyperparameters,
  SgdHyperparameters,
} from '../contract.js';
import type { NativeAddon, NativeConfiguration, NativeIsa, SplitRecord } from './addon.js';
import {
  FEATURE_MAJOR_RATES, MEASURED_RATES, TRAINING, chooseActivationLayout, chooseBackward, chooseForward, chooseWeightGrad,
  forwardCosts, sparseFits,
  type FormatRates, type MaskStats, type WeightFormat,
} from './format-choice.js';
import { PackedWeights, type UpkeepSnapshot } from './packed-weights.js';

/** How to set up the native kernel; every field is optional. */
export interface NativeKernelOptions {
  /** Force an instruction set (for tests); the default is the best the CPU has. */
  readonly isa?: NativeIsa;
  /** Threads including the caller; the default is the machine's available parallelism. */
  readonly threads?: number;
  /** Ops with fewer multiply-adds stay on one thread (measured crossover; see `pnpm bench kernel`). */
  readonly minParallelWork?: number;
  /**
   * Time each split op per size on the pool and on the calling thread alone, and run it the faster way for now
   * (default true): on a loaded machine the second thread can cost more than it saves. The parts and their order
   * are the same either way, so results do not change, only times.
   */
  readonly adaptiveThreads?: boolean;
  /** Force one forward layout where it can hold the mask, instead of the cost model's choice. */
  readonly forwardFormat?: WeightFormat;
  /** Force the layout of dx = dy·W_eff (tests use these to reach every path). */
  readonly backwardFormat?: 'dense' | 'csc';
  /** Force the weight gradient's method. */
  readonly gradFormat?: 'dense' | 'sddmm';
  /**
   * Time the candidate layouts on the first call for each shape, batch and density, and keep the fastest
   * (autotuning). Off by default: timing noise near a crossover could change the summation order between
   * runs, and same-seed runs are meant to give the same numbers bit for bit.
   */
  readonly tune?: boolean;
}

/** Ops with fewer multiply-adds than this stay on the calling thread by default. */
export const DEFAULT_MIN_PARALLEL_WORK = 1 << 17;

/** One line of formatReport, kept while its layer's mask and chosen format stay the same. */
interface ReportLine {
  readonly format: string;
  readonly maskVersion: number;
  readonly key: string;
  readonly text: string;
}

/** An activation-layout choice and the mask statistics it was made from. */
interface LayoutChoice {
  readonly stats: readonly MaskStats[];
  readonly batch: number;
  readonly inputs: number;
  readonly layout: ActivationLayout;
}

/** The kernel whose ISA and thread count each addon (a process-wide singleton) is set to. */
const configuredFor = new WeakMap<NativeAddon, NativeKernel>();

/** C++ SIMD through Node-API; buffers are shared with the addon, never copied per call. */
export class NativeKernel implements Kernel, Checkpointable {
  readonly name = 'native';
  readonly description: string;
  readonly configuration: NativeConfiguration;
  private readonly packs = new WeakMap<MaskedParameter, PackedWeights>();
  private readonly tuned = new Map<string, WeightFormat>();
  private readonly report = new Map<string, string>();
  private readonly reportLines = new WeakMap<MaskedParameter, Map<string, Map<number, ReportLine>>>();
  private readonly tuning = new Map<string, string>();
  private scratchIn = new Float32Array(0);
  private scratchOut = new Float32Array(0);
  private scratchGrad = new Float32Array(0);
  private lastLayoutChoice: LayoutChoice | null = null;
  /** The loss op's [lossSum, correct, counted], written by the addon. */
  private readonly crossEntropySums = new Float64Array(3);

  constructor(private readonly native: NativeAddon, private readonly options: NativeKernelOptions = {}) {
    // The addon's pool starts with the calling thread alone, so the default must be asked for: without it a run
    // never used the second core (the Fashion-MNIST lifespan measured 1.2–1.4× faster per step with it).
    this.configuration = this.configure();
    const { isa, threads } = this.configuration;
    this.description = `C++ through Node-API, ${isa} SIMD, ${threads} thread${threads === 1 ? '' : 's'}: ` +
      'packed GEMM, CSR/CSC with 16-bit indices, 4×1 blocks, 2:4, SDDMM; attention, layer norm, GELU, embeddings';
  }

  /**
   * The addon, set to this kernel's ISA and threads. The addon keeps one setting per process, so two kernels
   * with different options (a benchmark's one- and two-thread runs, the tests' variants) would otherwise run with
   * whichever was made last; re-applying on a change of hands costs one call.
   */
  private get addon(): NativeAddon {
    if (configuredFor.get(this.native) !== this) this.configure();
    return this.native;
  }

  private configure(): NativeConfiguration {
    configuredFor.set(this.native, this);
    return this.native.configure(this.options.isa ?? null, this.options.threads ?? availableParallelism(),
      this.options.minParallelWork ?? DEFAULT_MIN_PARALLEL_WORK, this.options.adaptiveThreads ?? true);
  }

  gemm(transA: boolean, transB: boolean, M: number, N: number, K: number,
    alpha: number, a: Float32Array, b: Float32Array, beta: number, c: Float32Array): void {
    this.addon.gemm(transA, transB, M, N, K, alpha, a, b, beta, c);
  }

  maskedForward(x: Tensor /* (B,I) */, w: MaskedParameter, bias: Float32Array | null, y: Tensor /* (B,O) */): void {
    const packed = this.pack(w);
    const batch = x.rows;
    const format = this.forwardFormat(packed, w, x, bias, y);
    this.recordLayout(w, 'forward', format, packed, batch);
    this.runForward(format, packed, w, x, bias, y);
  }

  maskedBackwardInput(dy: Tensor /* (B,O) */, w: MaskedParameter, dx: Tensor /* (B,I) */): void {
    const packed = this.pack(w);
    const batch = dy.rows;
    const format = this.backwardFormat(packed, batch, MEASURED_RATES);
    this.recordLayout(w, 'backward', format, packed, batch);
    if (format === 'dense') {
      this.addon.gemm(false, false, batch, w.cols, w.rows, 1, dy.data, packed.effective(), 0, dx.data);
      return;
    }
    // W's CSC is Wᵀ's CSR: the forward product over (I × O) with no bias.
    const csc = packed.layout('csc');
    const bp = this.padded(batch);
    this.addon.sparseProduct(this.addon.formatCodes.csr, w.cols, w.rows, batch, dy.data, csc.ptr, csc.index,
      csc.values, null, dx.data, this.scratch('in', w.rows * bp), this.scratch('out', w.cols * bp));
  }

  maskedWeightGrad(dy: Tensor /* (B,O) */, x: Tensor /* (B,I) */, w: MaskedParameter, dW: Float32Array): void {
    const packed = this.pack(w);
    const batch = dy.rows;
    const format = this.weightGradFormat(w, packed, batch, 'grad', MEASURED_RATES);
    if (format === 'full') {
      this.addon.gemm(true, false, w.rows, w.cols, batch, 1, dy.data, x.data, 1, dW);
    } else if (format === 'sddmm') {
      const csr = packed.layout('csr', false);
      const bp = this.padded(batch);
      this.addon.sddmm(w.rows, w.cols, batch, dy.data, x.data, csr.ptr as Int32Array, csr.index as Uint16Array, dW,
        this.scratch('out', w.rows * bp), this.scratch('in', w.cols * bp));
    } else {
      this.addon.maskedAdd(w.size, this.outerProduct(dy, x, w), w.mask.words, dW);
    }
  }

  transpose(a: Float32Array, rows: number, cols: number, out: Float32Array): void {
    this.addon.transpose(rows, cols, a, out);
  }

  activationLayout(weights: readonly MaskedParameter[], batch: number, inputs: number): ActivationLayout {
    // From the masks alone, at the upkeep of steady training: the ops' own upkeep moves with every op and with
    // each change of values, and a choice made ahead of them from it was not what a resumed run made again.
    // The choice depends on nothing else, and a layer's statistics stay the same object until its mask changes: the
    // last choice stands while they do, rather than the chain's cost model running again on every step.
    const stats = weights.map((w) => this.packed(w).currentStats());
    const last = this.lastLayoutChoice;
    if (last && last.batch === batch && last.inputs === inputs && last.stats.length === stats.length &&
      last.stats.every((known, index) => known === stats[index])) return last.layout;
    const layout = chooseActivationLayout(stats.map((layer) => ({ stats: layer, upkeep: TRAINING })), batch, inputs);
    this.lastLayoutChoice = { stats, batch, inputs, layout };
    return layout;
  }

  maskedForwardFeatureMajor(xT: Tensor /* (I,B) */, w: MaskedParameter, bias: Float32Array | null, yT: Tensor /* (O,B) */): void {
    const packed = this.pack(w);
    const batch = xT.cols;
    const format = chooseForward(packed.stats, batch, this.options.forwardFormat ?? null, FEATURE_MAJOR_RATES, packed.upkeep);
    this.recordLayout(w, 'forward feature-major', format, packed, batch);
    if (format === 'dense') {
      if (bias) for (let o = 0; o < w.rows; o++) yT.data.fill(bias[o], o * batch, (o + 1) * batch);
      this.addon.gemm(false, false, w.rows, batch, w.cols, 1, packed.effective(), xT.data, bias ? 1 : 0, yT.data);
      return;
    }
    const layout = packed.layout(format);
    this.addon.sparseForwardFeatureMajor(this.addon.formatCodes[format], w.rows, w.cols, batch, xT.data, layout.ptr,
      layout.index, layout.values, bias, yT.data);
  }

  maskedBackwardInputFeatureMajor(dyT: Tensor /* (O,B) */, w: MaskedParameter, dxT: Tensor /* (I,B) */): void {
    const packed = this.pack(w);
    const batch = dyT.cols;
    const format = this.backwardFormat(packed, batch, FEATURE_MAJOR_RATES);
    this.recordLayout(w, 'backward feature-major', format, packed, batch);
    if (format === 'dense') {
      this.addon.gemm(true, false, w.cols, batch, w.rows, 1, packed.effective(), dyT.data, 0, dxT.data);
      return;
    }
    const csc = packed.layout('csc');
    this.addon.sparseForwardFeatureMajor(this.addon.formatCodes.csr, w.cols, w.rows, batch, dyT.data, csc.ptr,
      csc.index, csc.values, null, dxT.data);
  }

  maskedWeightGradFeatureMajor(dyT: Tensor /* (O,B) */, xT: Tensor /* (I,B) */, w: MaskedParameter, dW: Float32Array): void {
    const packed = this.pack(w);
    const batch = dyT.cols;
    const format = this.weightGradFormat(w, packed, batch, 'grad feature-major', FEATURE_MAJOR_RATES);
    if (format === 'full') {
      this.addon.gemm(false, true, w.rows, w.cols, batch, 1, dyT.data, xT.data, 1, dW);
    } else if (format === 'sddmm') {
      const csr = packed.layout('csr', false);
      this.addon.sddmmFeatureMajor(w.rows, w.cols, batch, dyT.data, xT.data, csr.ptr as Int32Array,
        csr.index as Uint16Array, dW);
    } else {
      const grad = this.gradScratchFor(w);
      this.addon.gemm(false, true, w.rows, w.cols, batch, 1, dyT.data, xT.data, 0, grad);
      this.addon.maskedAdd(w.size, grad, w.mask.words, dW);
    }
  }

  scoreGrad(dy: Tensor /* (B,O) */, x: Tensor /* (B,I) */, w: MaskedParameter, dS: Float32Array): void {
    this.recordLayout(w, 'scores', 'dense', this.pack(w), dy.rows);
    const grad = this.outerProduct(dy, x, w);
    this.addon.mulAdd(w.size, grad, w.values, dS);
  }

  sgdStep(values: Float32Array, grad: Float32Array, velocity: Float32Array | null, lr: number, h: SgdHyperparameters): void {
    this.addon.sgdStep(values.length, values, grad, velocity, lr, h.momentum, h.nesterov, h.weightDecay);
  }

  sgdStepAt(indices: Int32Array, values: Float32Array, grad: Float32Array, velocity: Float32Array | null, lr: number,
    h: SgdHyperparameters): void {
    this.addon.sgdStepAt(indices.length, indices, values.length, values, grad, velocity, lr, h.momentum, h.nesterov,
      h.weightDecay);
  }

  adamStep(values: Float32Array, grad: Float32Array, state: AdamState, lr: number, h: AdamHyperparameters): void {
    this.addon.adamStep(values.length, values, grad, state.m, state.v, state.t, lr, h.beta1, h.beta2, h.epsilon,
      h.weightDecay, h.decoupled);
  }

  rmspropStep(values: Float32Array, grad: Float32Array, square: Float32Array, velocity: Float32Array, lr: number,
    h: RmspropHyperparameters): void {
    this.addon.rmspropStep(values.length, values, grad, square, velocity, lr, h.alpha, h.epsilon, h.momentum, h.weightDecay);
  }

  relu(x: Float32Array, y: Float32Array): void {
    this.addon.relu(x.length, x, y);
  }

  reluBackward(y: Float32Array, dy: Float32Array, dx: Float32Array): void {
    this.addon.reluBackward(dy.length, y, dy, dx);
  }

  addColumnSums(m: Float32Array, rows: number, cols: number, out: Float32Array): void {
    this.addon.columnSums(rows, cols, m, out);
  }

  addRowSums(m: Float32Array, rows: number, cols: number, out: Float32Array): void {
    this.addon.rowSums(rows, cols, m, out);
  }

  thresholdBits(values: Float32Array, threshold: number, words: Uint32Array): void {
    this.addon.thresholdBits(values.length, values, threshold, words);
  }

  layerNorm(x: Float32Array, rows: number, cols: number, gain: Float32Array, shift: Float32Array, epsilon: number,
    y: Float32Array, xhat: Float32Array, inverseStd: Float32Array): void {
    this.addon.layerNorm(rows, cols, x, gain, shift, epsilon, y, xhat, inverseStd);
  }

  layerNormBackward(dy: Float32Array, xhat: Float32Array, inverseStd: Float32Array, rows: number, cols: number,
    gain: Float32Array, dx: Float32Array | null, dGain: Float32Array | null, dShift: Float32Array | null): void {
    this.addon.layerNormBackward(rows, cols, dy, xhat, inverseStd, gain, dx, dGain, dShift);
  }

  gelu(x: Float32Array, y: Float32Array): void {
    this.addon.gelu(x.length, x, y);
  }

  geluBackward(x: Float32Array, dy: Float32Array, dx: Float32Array): void {
    this.addon.geluBackward(x.length, x, dy, dx);
  }

  attention(shape: AttentionShape, q: Float32Array, k: Float32Array, v: Float32Array, keyValid: Uint8Array | null,
    gates: Float32Array, probabilities: Float32Array, context: Float32Array, merged: Float32Array): void {
    const { batch, length, heads, width, scale } = shape;
    this.addon.attention(batch, length, heads, width, scale, q, k, v, keyValid, gates, probabilities, context, merged);
  }

  attentionBackward(shape: AttentionShape, dMerged: Float32Array, q: Float32Array, k: Float32Array, v: Float32Array,
    probabilities: Float32Array, context: Float32Array, gates: Float32Array, dq: Float32Array, dk: Float32Array,
    dv: Float32Array, headDots: Float64Array): void {
    const { batch, length, heads, width, scale } = shape;
    this.addon.attentionBackward(batch, length, heads, width, scale, dMerged, q, k, v, probabilities, context, gates,
      dq, dk, dv, headDots);
  }

  embeddingGather(ids: Float32Array, table: Float32Array, width: number, out: Float32Array): void {
    this.addon.embeddingGather(ids.length, width, table.length / width, ids, table, out);
  }

  embeddingScatterAdd(ids: Float32Array, dy: Float32Array, width: number, grad: Float32Array): void {
    this.addon.embeddingScatterAdd(ids.length, width, grad.length / width, ids, dy, grad);
  }

  softmaxCrossEntropy(logits: Float32Array, rows: number, cols: number, labels: Int32Array, dLogits: Float32Array): CrossEntropySums {
    const sums = this.crossEntropySums;
    this.addon.softmaxCrossEntropy(rows, cols, logits, labels, dLogits, sums);
    return { lossSum: sums[0], correct: sums[1], counted: sums[2] };
  }

  add(a: Float32Array, b: Float32Array, out: Float32Array): void {
    this.addon.add(out.length, a, b, out);
  }

  /**
   * The layout each layer's ops used since the previous call, keyed `<parameter> <op> B<batch>`; then starts
   * afresh. Only the cost model's (or the forced) choices appear — no timings — so summaries stay byte-identical.
   */
  formatReport(): Record<string, string> {
    const report = Object.fromEntries([...this.report].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    this.report.clear();
    return report;
  }

  /**
   * Per split op and size class: its smoothed time on the pool and on the calling thread, and which way it runs now
   * (with `adaptiveThreads`). Timings vary from run to run: for benchmarks and diagnosis, not for summaries.
   */
  splitReport(): SplitRecord[] {
    return this.addon.splitReport();
  }

  /** With `tune`: what was timed for each shape and which layout won (timings vary run to run; not for summaries). */
  tuningReport(): Record<string, string> {
    return Object.fromEntries(this.tuning);
  }

  private runForward(format: WeightFormat, packed: PackedWeights, w: MaskedParameter, x: Tensor,
    bias: Float32Array | null, y: Tensor): void {
    const batch = x.rows;
    if (format === 'dense') {
      this.addon.denseForward(batch, w.cols, w.rows, x.data, packed.effective(), bias, y.data);
      return;
    }
    const layout = packed.layout(format);
    const bp = this.padded(batch);
    this.addon.sparseProduct(this.addon.formatCodes[format], w.rows, w.cols, batch, x.data, layout.ptr, layout.index,
      layout.values, bias, y.data, this.scratch('in', w.cols * bp), this.scratch('out', w.rows * bp));
  }

  private forwardFormat(packed: PackedWeights, w: MaskedParameter, x: Tensor, bias: Float32Array | null,
    y: Tensor): WeightFormat {
    const preferred = this.options.forwardFormat ?? null;
    if (!this.options.tune || preferred) return chooseForward(packed.stats, x.rows, preferred, MEASURED_RATES, packed.upkeep);
    const { rows, cols, kept } = packed.stats;
    const key = `${rows}x${cols} B${x.rows} density ${(kept / Math.max(1, rows * cols)).toFixed(2)}`;
    const known = this.tuned.get(key);
    if (known) return known;
    const costs = forwardCosts(packed.stats, x.rows);
    const timings: string[] = [];
    let best: WeightFormat = 'dense';
    let bestTime = Infinity;
    for (const format of (Object.keys(costs) as WeightFormat[]).filter((f) => Number.isFinite(costs[f]))) {
      if (format !== 'dense' && (rows > 65536 || cols > 65536)) continue;
      this.runForward(format, packed, w, x, bias, y); // warm: packs the layout
      const start = process.hrtime.bigint();
      for (let rep = 0; rep < 3; rep++) this.runForward(format, packed, w, x, bias, y);
      const time = Number(process.hrtime.bigint() - start) / 3e3;
      timings.push(`${format} ${time.toFixed(1)} µs`);
      if (time < bestTime) [best, bestTime] = [format, time];
    }
    this.tuned.set(key, best);
    this.tuning.set(key, `${best} (${timings.join(', ')})`);
    return best;
  }

  /** Records the layout of one op for formatReport; the line's text is built once per op, batch, format and mask. */
  private recordLayout(w: MaskedParameter, op: string, format: string, packed: PackedWeights, batch: number): void {
    // Building the two strings on every call cost about 0.5 µs, a few per cent of a 99 %-sparse 512 × 512 product.
    let byOp = this.reportLines.get(w);
    if (!byOp) this.reportLines.set(w, (byOp = new Map()));
    let byBatch = byOp.get(op);
    if (!byBatch) byOp.set(op, (byBatch = new Map()));
    let line = byBatch.get(batch);
    if (!line || line.format !== format || line.maskVersion !== w.maskVersion) {
      const density = packed.stats.kept / Math.max(1, w.size);
      line = {
        format, maskVersion: w.maskVersion, key: `${w.name} ${op} B${batch}`,
        text: `${format} (${w.rows}×${w.cols}, density ${density.toFixed(3)})`,
      };
      byBatch.set(batch, line);
    }
    this.report.set(line.key, line.text);
  }

  /**
   * What the kernel remembers that its choices depend on: each layer's upkeep and this phase's format report
   * (a run resumed from a checkpoint then chooses, and so rounds, as the run it continues would have).
   */
  saveState(parameters: readonly Parameter[]): PluginState {
    const state: Record<string, string> = { report: JSON.stringify([...this.report]) };
    for (const parameter of parameters) {
      const packed = parameter instanceof MaskedParameter ? this.packs.get(parameter) : undefined;
      if (packed) state[`upkeep#${parameter.name}`] = JSON.stringify(packed.snapshot());
    }
    return state;
  }

  loadState(parameters: readonly Parameter[], state: PluginState): void {
    this.report.clear();
    for (const [key, text] of JSON.parse(String(state.report ?? '[]')) as Array<[string, string]>) this.report.set(key, text);
    for (const parameter of parameters) {
      if (!(parameter instanceof MaskedParameter)) continue;
      const snapshot = state[`upkeep#${parameter.name}`];
      if (typeof snapshot === 'string') this.packs.set(parameter, PackedWeights.resumed(this.addon, parameter, JSON.parse(snapshot) as UpkeepSnapshot));
      else this.packs.delete(parameter);
    }
  }

  private pack(w: MaskedParameter): PackedWeights {
    const packed = this.packed(w);
    packed.refresh();
    return packed;
  }

  /** w's packed layouts as they stand (made on first use). */
  private packed(w: MaskedParameter): PackedWeights {
    let packed = this.packs.get(w);
    if (!packed) this.packs.set(w, (packed = new PackedWeights(this.addon, w)));
    return packed;
  }

  /** The layout of dx = dy·W_eff: the forced one where the mask fits a sparse layout, else the cost model's. */
  private backwardFormat(packed: PackedWeights, batch: number, rates: FormatRates): 'dense' | 'csc' {
    const forced = sparseFits(packed.stats) ? this.options.backwardFormat : undefined;
    return forced ?? chooseBackward(packed.stats, batch, rates, packed.upkeep);
  }

  /** The weight gradient's method, noted for formatReport under `op`; 'full' for a full mask (a plain GEMM into dW). */
  private weightGradFormat(w: MaskedParameter, packed: PackedWeights, batch: number, op: string,
    rates: FormatRates): 'full' | 'dense' | 'sddmm' {
    if (packed.full) {
      this.recordLayout(w, op, 'dense', packed, batch);
      return 'full';
    }
    const forced = sparseFits(packed.stats) ? this.options.gradFormat : undefined;
    const format = forced ?? chooseWeightGrad(packed.stats, batch, rates, packed.upkeep);
    this.recordLayout(w, op, format, packed, batch);
    return format;
  }

  /** dyᵀ·x (O×I) into a reused buffer. */
  private outerProduct(dy: Tensor, x: Tensor, w: MaskedParameter): Float32Array {
    const grad = this.gradScratchFor(w);
    this.addon.gemm(true, false, w.rows, w.cols, dy.rows, 1, dy.data, x.data, 0, grad);
    return grad;
  }

  private gradScratchFor(w: MaskedParameter): Float32Array {
    if (this.scratchGrad.length < w.size) this.scratchGrad = new Float32Array(w.size);
    return this.scratchGrad;
  }

  private padded(batch: number): number {
    const lanes = this.configuration.lanes;
    return Math.ceil(batch / lanes) * lanes;
  }

  /**
   * Transposed operands of the sparse products; padding lanes start (and stay) finite. 16 floats of slack let the
   * addon start them on a cache line (large typed arrays sit 16 bytes past one), which its transposes need.
   */
  private scratch(which: 'in' | 'out', size: number): Float32Array {
    if (which === 'in') {
      if (this.scratchIn.length < size + 16) this.scratchIn = new Float32Array(size + 16);
      return this.scratchIn;
    }
    if (this.scratchOut.length < size + 16) this.scratchOut = new Float32Array(size + 16);
    return this.scratchOut;
  }
}
