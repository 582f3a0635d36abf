// The plugin kinds and the contract each kind's `create` returns.
import type { Kernel } from '../kernel/contract.js';
import type { Disorder } from './contracts/disorder.js';
import type { MaskLearner } from './contracts/mask-learner.js';
import type { ModelBuilder } from './contracts/model.js';
import type { Optimizer } from './contracts/optimizer.js';
import type { PruningCriterion, PruningSchedule } from './contracts/pruning.js';
import type { RegrowthRule } from './contracts/regrowth.js';
import type { Reporter } from './contracts/reporter.js';
import type { Task } from './contracts/task.js';

/** A learning-rate schedule: the factor applied to the base rate at step t of `total`. */
export interface LearningRateSchedule {
  factor(step: number, total: number): number;
}

/** For each kind, what its plugins create. */
export interface PluginProducts {
  'optimizer': Optimizer;
  'lr-schedule': LearningRateSchedule;
  'schedule': PruningSchedule;
  'criterion': PruningCriterion;
  'regrowth': RegrowthRule;
  'mask-learner': MaskLearner;
  'disorder': Disorder;
  'model': ModelBuilder;
  'task': Task;
  'reporter': Reporter;
  'kernel': Kernel;
}

export type PluginKind = keyof PluginProducts;

export const PLUGIN_KINDS: readonly PluginKind[] = [
  'model', 'task', 'optimizer', 'lr-schedule', 'schedule', 'criterion', 'regrowth', 'mask-learner', 'disorder', 'reporter', 'kernel',
];
