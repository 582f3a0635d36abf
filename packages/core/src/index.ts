// @ontogeny/core: contracts, the lifespan engine and the kernels. Knows no concrete plugin.

/* Errors */
export { OntogenyError, defineError, isError } from './errors.js';
export type { ErrorDefinition } from './errors.js';
export * as errors from './errors.js';
export { CORE_VERSION } from './version.js';

/* Tensors and randomness */
export { Tensor } from './tensor/tensor.js';
export { Rng } from './tensor/rng.js';
export type { RngState } from './tensor/rng.js';
export { kaimingUniform, kaimingNormal, xavierUniform, normal, LINEAR_DEFAULT_GAIN } from './tensor/init.js';

/* Masks */
export { BitMask } from './mask/bit-mask.js';
export { MaskedParameter } from './mask/masked-parameter.js';
export type { Learning, Quantization } from './mask/masked-parameter.js';
export { kthLargest, kthLargestNonNegative, markLargest, smallestIndices } from './mask/select.js';
export type { Threshold } from './mask/select.js';
export { pruneToSparsity, erkSparsities } from './mask/prune.js';
export type { PruneScope, PruneDistribution, PruneStructure, PruneOptions } from './mask/prune.js';
export { dropAndRegrow } from './mask/regrow.js';
export type { MaskUpdate } from './mask/regrow.js';

/* Kernels */
export type {
  ActivationLayout, Kernel, KernelOp, SgdHyperparameters, AdamHyperparameters, AdamState, RmspropHyperparameters, AttentionShape, CrossEntropySums,
} from './kernel/contract.js';
export { KERNEL_OPS } from './kernel/contract.js';
export { ReferenceKernel } from './kernel/reference/reference-kernel.js';
export { referenceKernelPlugin } from './kernel/reference/reference-plugin.js';
export { gemm, gemmNT, transpose } from './kernel/reference/gemm.js';
export { chooseKernel } from './kernel/choose-kernel.js';
export type { KernelChoice, KernelReference, KernelSetting } from './kernel/choose-kernel.js';
export { nativeKernelPlugin } from './kernel/native/native-plugin.js';
export type { NativePluginOptions } from './kernel/native/native-plugin.js';
export { NativeKernel } from './kernel/native/native-kernel.js';
export type { NativeKernelOptions } from './kernel/native/native-kernel.js';
export { loadAddon } from './kernel/native/addon.js';
export type { NativeAddon, NativeConfiguration, NativeIsa, SplitRecord } from './kernel/native/addon.js';
export { forwardCosts, MEASURED_RATES } from './kernel/native/format-choice.js';
export type { WeightFormat, MaskStats, FormatRates } from './kernel/native/format-choice.js';

/* Layers */
export { Parameter } from './nn/parameter.js';
export type { Layer, PassMode } from './nn/layer.js';
export { MaskedLinear, addColumnSums } from './nn/masked-linear.js';
export { ReLU } from './nn/relu.js';
export { Workspace } from './nn/workspace.js';
export { ElementwiseActivation } from './nn/elementwise-activation.js';
export { GELU } from './nn/gelu.js';
export { Tanh } from './nn/tanh.js';
export { LayerNorm } from './nn/layer-norm.js';
export { Embedding } from './nn/embedding.js';
export { TiedOutput } from './nn/tied-output.js';
export { MultiHeadAttention } from './nn/multi-head-attention.js';
export { checkGradients, checkLayer, parameterTarget, describeDifferences } from './nn/gradient-check.js';
export type { GradientTarget, GradientDifference, GradientCheckOptions, GradientProblem } from './nn/gradient-check.js';
export { softmaxCrossEntropy, argmaxRows } from './nn/softmax-cross-entropy.js';
export type { LossResult } from './nn/softmax-cross-entropy.js';

/* Plugins */
export { definePlugin } from './plugin/define-plugin.js';
export type {
  PluginDefinition, AnyPluginDefinition, PluginContext, JsonSchema, RunServices, ServiceName, DependencyFactory, KernelTraits,
} from './plugin/define-plugin.js';
export type { OptionsOf, PluginRefJsonSchema, SpecPartOf, TypedJsonSchema } from './plugin/options-type.js';
export { PLUGIN_KINDS } from './plugin/kinds.js';
export type { PluginKind, PluginProducts, LearningRateSchedule } from './plugin/kinds.js';
export { pluginToken } from './plugin/tokens.js';
export { PluginRegistry } from './plugin/registry.js';
export type { RegisteredPlugin, PluginReference } from './plugin/registry.js';
export { RunScope, SERVICE_NAMES } from './plugin/run-scope.js';
export type { RunServiceValues } from './plugin/run-scope.js';
export type { Model, ModelBuilder, ModelInputs } from './plugin/contracts/model.js';
export type { Task, TaskData, TaskContext, TaskInput, TaskSequence, Split, Metric } from './plugin/contracts/task.js';
export { inputWidth } from './plugin/contracts/task.js';
export type { Optimizer } from './plugin/contracts/optimizer.js';
export type { PruningSchedule, PruningCriterion } from './plugin/contracts/pruning.js';
export type { RegrowthRule } from './plugin/contracts/regrowth.js';
export type { MaskLearner } from './plugin/contracts/mask-learner.js';
export type { Disorder, DisorderTarget, PerturbReport, StepPerturbation } from './plugin/contracts/disorder.js';
export type { Reporter, StepMoment } from './plugin/contracts/reporter.js';
export { isCheckpointable } from './plugin/contracts/checkpointable.js';
export type { Checkpointable, PluginState } from './plugin/contracts/checkpointable.js';

/* Lifespan */
export type { LifespanEvent, LifespanEventType, Metrics, Densities } from './lifespan/events.js';
export { prepareLifespan, specSchema } from './lifespan/prepare.js';
export type { PrepareOptions, PreparedLifespan } from './lifespan/prepare.js';
export { runLifespan } from './lifespan/runner.js';
export type { RunOptions } from './lifespan/runner.js';
export type { PhaseKind, PhaseContext, PhaseOutcome, StepDisorder, LifespanStream } from './lifespan/phase-kind.js';
export type { TrainingPosition, TrainingStart } from './lifespan/phase-progress.js';
export { PHASE_KINDS } from './lifespan/phases/index.js';
export { barrierHeight } from './lifespan/phases/interpolate.js';
export { stepsFor, batchesPerEpoch } from './lifespan/phases/training-options.js';
export { evaluate } from './lifespan/evaluate.js';
export { trainSteps } from './lifespan/train-steps.js';
export type { TrainOptions, TrainResult, OptimizerGroup } from './lifespan/train-steps.js';
export { captureState, restoreState, allParameters } from './lifespan/state.js';
export type { ModelState, ParameterState } from './lifespan/state.js';

/* Continual learning */
export { continualFigures } from './lifespan/phases/continual-result.js';
export type { ContinualResult, TaskInference, TaskInferenceResult } from './lifespan/phases/continual-result.js';
export { memberName, findTask } from './lifespan/phases/continual-tasks.js';
export { MaskSuperposition, outputEntropy } from './lifespan/phases/continual-superposition.js';

/* Running a spec in memory (fast-check properties over lifespans: @ontogeny/core/robustness) */
export { runSpec, LifespanResult } from './robustness/run-spec.js';
export type { RunSpecOptions } from './robustness/run-spec.js';

/* Spec */
export type { LifespanSpec, PhaseSpecBase, DisorderUse } from './spec/spec.js';
export { BIRTH } from './spec/spec.js';
export { validateSpec, schemaProblems } from './spec/validate.js';
export type { SchemaFor } from './spec/ajv.js';
export { createAjv } from './spec/ajv.js';
export { buildSpecSchema, pluginRef, SPEC_SCHEMA_ID } from './spec/schema.js';
export { canonicalJson, canonicalHash } from './spec/canonical-json.js';
export { withoutDefaults } from './spec/defaults.js';

/* Studies */
export type {
  StudySpec, VarySpec, AxisSpec, AxisRange, Patch, Json, MetricRef, ClaimSpec, RatioClaim, DifferenceClaim, OrderClaim,
  MonotoneClaim, RangeClaim, DifferenceSpec, ProfileSpec,
} from './study/study-spec.js';
export { buildStudySchema, STUDY_SCHEMA_ID } from './study/study-schema.js';
export { validateStudy, referenceProblems } from './study/validate-study.js';
export { applyPatch } from './study/apply-patch.js';
export { studyPoints, pointLabel } from './study/study-points.js';
export type { StudyPoint } from './study/study-points.js';
export { expandStudy, seedList } from './study/expand-study.js';
export type { ExpandedStudy, PlannedRun } from './study/expand-study.js';
export { meanInterval, tQuantile } from './study/interval.js';
export { accuracyBootstrap } from './study/bootstrap.js';
export type { Interval } from './study/interval.js';
export { summaryMetrics, metricColumns, byPoint, aggregate, phaseDifferences, valuesBySeed } from './study/study-results.js';
export type { RunRow, AggregateRow, DifferenceRow } from './study/study-results.js';
export { evaluateClaims, refLabel } from './study/claims.js';
export type { ClaimResult, ClaimCheck } from './study/claims.js';
export { studyRecord, writeStudyFolder } from './study/study-folder.js';
export type { StudyRecord } from './study/study-folder.js';

/* Run directory and files */
export { RunDirectory, specOfRunFolder } from './io/run-directory.js';
export type { Summary, PhaseSummary, RunStatus } from './io/run-directory.js';
export { runInStore, readRunStatus } from './io/run-store.js';
export type { RunInStoreOptions, StoreRun, RunFolderStatus } from './io/run-store.js';
export { readLatestProgress, progressFolder } from './io/progress-checkpoint.js';
export type { Progress, ProgressCursor } from './io/progress-checkpoint.js';
export type { DataFile } from './io/data-fingerprint.js';
export { writeFileAtomic } from './io/atomic-write.js';
export { writeRunsIndex, RUNS_INDEX_HEADER } from './io/runs-index.js';
export { writeCheckpoint, readCheckpoint } from './io/checkpoint-file.js';
export { openRun } from './io/open-run.js';
export type { OpenRunOptions, OpenedRun } from './io/open-run.js';
export { storageReport } from './io/storage-report.js';
export type { StorageReport, ContinualStorage, LayerStorage, TaskStorage } from './io/storage-report.js';
