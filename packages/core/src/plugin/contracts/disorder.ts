// The Disorder contract: a perturbation of a network (or its optimiser) with a measurable dose.
import type { MaskedParameter } from '../../mask/masked-parameter.js';
import type { Rng } from '../../tensor/rng.js';
import type { Model } from './model.js';

/** What a disorder did: its dose on the plugin's own scale, and figures worth recording. */
export interface PerturbReport {
  readonly dose: number;
  readonly detail: Readonly<Record<string, number | string>>;
}

export interface DisorderTarget {
  readonly model: Model;
  /** The masked layers the disorder applies to (the spec's `layers`, or all of the body). */
  readonly layers: readonly MaskedParameter[];
}

/** Changes to the training step that a disorder of optimisation makes (learning-rate spikes, gradient noise). */
export interface StepPerturbation {
  /** Multiplies the learning rate of this step. */
  readonly lrFactor: number;
}

export interface Disorder {
  /** Applies the disorder once (before or after a phase, or every N steps); dose 0 must change nothing. */
  apply(target: DisorderTarget, rng: Rng): PerturbReport;
  /** For disorders of optimisation: called each training step after the gradients are computed. */
  perturbStep?(step: number, target: DisorderTarget, rng: Rng): StepPerturbation;
}
