// @ontogeny/core: contracts, the lifespan engine and the kernels. Knows no concrete plugin.

/* Errors */
export { OntogenyError, defineError, isError } from './errors.js';
export * as errors from './errors.js';
export { CORE_VERSION } from './version.js';

/* Tensors and randomness */
export { Tensor } from './tensor/tensor.js';
export { Rng } from './tensor/rng.js';
export { kaimingUniform, kaimingNormal, xavierUniform, normal, LINEAR_DEFAULT_GAIN } from './tensor/init.js';

/* Masks */
export { BitMask } from './mask/bit-mask.js';
export { MaskedParameter } from './mask/masked-parameter.js';
export type { Learning, Quantization } from './mask/masked-parameter.js';

/* Kernels */
export type { Kernel } from './kernel/contract.js';
export { ReferenceKernel } from './kernel/reference/reference-kernel.js';
export { gemm, gemmNT, transpose } from './kernel/reference/gemm.js';
export { selectKernel, referenceBackend } from './kernel/backends.js';
export type { KernelBackend, KernelChoice } from './kernel/backends.js';

/* Layers */
export { Parameter } from './nn/parameter.js';
export type { Layer, PassMode } from './nn/layer.js';
export { MaskedLinear, addColumnSums } from './nn/masked-linear.js';
export { ReLU } from './nn/relu.js';
export { Workspace } from './nn/workspace.js';
export { softmaxCrossEntropy, argmaxRows } from './nn/softmax-cross-entropy.js';
export type { LossResult } from './nn/softmax-cross-entropy.js';

/* Plugins */
export { definePlugin } from './plugin/define-plugin.js';
export type { PluginDefinition, AnyPluginDefinition, PluginContext, JsonSchema } from './plugin/define-plugin.js';
export { PLUGIN_KINDS } from './plugin/kinds.js';
export type { PluginKind, PluginProducts, LearningRateSchedule } from './plugin/kinds.js';
export { pluginToken } from './plugin/tokens.js';
export { PluginRegistry } from './plugin/registry.js';
export type { RegisteredPlugin, PluginReference } from './plugin/registry.js';
export type { Model, ModelBuilder, ModelInputs } from './plugin/contracts/model.js';
export type { Task, TaskData, TaskContext, TaskInput, Split, Metric } from './plugin/contracts/task.js';
export type { Optimizer } from './plugin/contracts/optimizer.js';
export type { PruningSchedule, PruningCriterion } from './plugin/contracts/pruning.js';
export type { MaskLearner } from './plugin/contracts/mask-learner.js';
export type { Disorder, DisorderTarget, PerturbReport, StepPerturbation } from './plugin/contracts/disorder.js';
export type { Reporter } from './plugin/contracts/reporter.js';

/* Lifespan */
export type { LifespanEvent, LifespanEventType, Metrics, Densities } from './lifespan/events.js';
