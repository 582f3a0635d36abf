// The lifespan spec as TypeScript sees it once validated and defaulted.
import type { KernelReference } from '../kernel/choose-kernel.js';
import type { PluginReference } from '../plugin/registry.js';

/** What a phase's `from` names to start from the network as it was born, before any phase. */
export const BIRTH = '@birth';

/** A disorder applied at a point of the lifespan, to the named masked layers (all of the body by default). */
export interface DisorderUse extends PluginReference {
  readonly layers?: readonly string[];
}

/** Options every phase has. Phase kinds add their own (see lifespan/phases). */
export interface PhaseSpecBase {
  readonly name: string;
  readonly kind: string;
  /** The phase whose end state this one starts from; the previous phase by default. */
  readonly from?: string;
  /** The task trained or evaluated; the previous phase's task by default. */
  readonly task?: string;
  readonly before?: readonly DisorderUse[];
  readonly after?: readonly DisorderUse[];
  readonly during?: { readonly every: number; readonly disorders: readonly DisorderUse[] };
}

/**
 * The option `name` of a phase whose kind the reader does not know (the spec validated it against that kind's
 * schema), or undefined: the caller checks its type.
 */
export function phaseOption(phase: PhaseSpecBase, name: string): unknown {
  return Object.entries(phase).find(([key]) => key === name)?.[1];
}

export interface LifespanSpec {
  readonly $schema?: string;
  readonly name: string;
  readonly seed: number;
  /** 'auto' (the available kernel plugin of highest priority), a kernel plugin's name, or a reference with options. */
  readonly kernel: KernelReference;
  readonly model: PluginReference;
  readonly reporters?: readonly PluginReference[];
  readonly tasks: Readonly<Record<string, PluginReference>>;
  readonly phases: readonly PhaseSpecBase[];
  /** Emit a `step` event every this many steps. */
  readonly logEvery: number;
  /** Training steps between progress checkpoints inside a phase; by time when absent. */
  readonly checkpointEvery?: number;
  /** Evaluation batch size (only memory depends on it). */
  readonly evaluationBatch: number;
  /** What computes the end-of-phase evaluations. */
  readonly evaluationBackend: 'kernel' | 'onnxruntime';
  /** Pre-trained weights to start from (an ONNX file, relative to the spec file). */
  readonly pretrained?: { readonly onnx: string; readonly head?: string };
}
