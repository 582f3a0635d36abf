// The lifespan runner: phases in order, branches from earlier states, disorders, evaluation, as a stream of events.
import { join } from 'node:path';
import { Observable } from 'rxjs';
import { OntogenyError, PLUGIN_FAILED, RUN_ABORTED, RUN_FAILED } from '../errors.js';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readCheckpoint, writeCheckpoint } from '../io/checkpoint-file.js';
import { writeProgress, type Progress, type ProgressCursor } from '../io/progress-checkpoint.js';
import { isCheckpointable, type PluginState } from '../plugin/contracts/checkpointable.js';
import type { RngState } from '../tensor/rng.js';
import { MaskedParameter } from '../mask/masked-parameter.js';
import type { Disorder, DisorderTarget, PerturbReport } from '../plugin/contracts/disorder.js';
import type { Reporter } from '../plugin/contracts/reporter.js';
import { BIRTH, type DisorderUse, type PhaseSpecBase } from '../spec/spec.js';
import { Rng } from '../tensor/rng.js';
import { evaluate } from './evaluate.js';
import type { LifespanEvent, Metrics } from './events.js';
import type { Split, TaskData } from '../plugin/contracts/task.js';
import type { PhaseContext, StepDisorder } from './phase-kind.js';
import { densityByLayer, layerName } from './pruning.js';
import type { PreparedLifespan } from './prepare.js';
import { PhaseProgress, type ProgressHost } from './phase-progress.js';
import { guardPlugin } from './plugin-guard.js';
import { firstNonFinite } from './non-finite.js';
import { captureState, parametersWithScores, restoreState, type ModelState } from './state.js';

export interface RunOptions {
  /**
   * Where to write a checkpoint at the end of each phase, and progress checkpoints (in its `progress` folder)
   * between phases and inside them; none when null.
   */
  readonly checkpointDir?: string | null;
  /**
   * Continue from this progress checkpoint: phases it finished are not run again, and the stream starts with
   * the first event after its `eventCount`. The phase-end checkpoints of `checkpointDir` supply the states
   * that later phases branch from.
   */
  readonly resume?: Progress | null;
  /** The run directory, for the spec's reporters that write files (electrodes); null keeps the run in memory. */
  readonly runDirectory?: string | null;
}

/**
 * Runs a prepared lifespan, once (its model and event stream are the run's: prepare again to run again). Nothing
 * happens until subscription; unsubscribing stops the run before its next step. Errors arrive as an `error` event
 * and then as the stream's error.
 *
 * @example
 * runLifespan(prepared).subscribe((event) => { if (event.type === 'phase:end') console.log(event.metrics); });
 */
export function runLifespan(prepared: PreparedLifespan, options: RunOptions = {}): Observable<LifespanEvent> {
  return new Observable<LifespanEvent>((subscriber) => {
    let stopped = false;
    const emit = (event: LifespanEvent) => {
      if (!stopped) subscriber.next(event);
    };
    const yieldOrStop = async () => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (stopped) throw RUN_ABORTED('the subscriber unsubscribed');
    };
    const { events } = prepared;
    const reporters = (prepared.spec.reporters ?? []).map((reference) => prepared.create('reporter', reference));
    for (const reporter of reporters) reporter.attach(options.runDirectory ?? null);
    // The subscriber (the run's record) has each event before the plugins watching, so what they emit in reply follows it
    const emitToAll = (event: LifespanEvent) => {
      emit(event);
      events.publish(event);
    };
    new LifespanRun(prepared, options, emitToAll, yieldOrStop, () => stopped, reporters).run().then(
      () => {
        events.close();
        subscriber.complete();
      },
      (error: unknown) => {
        const code = error instanceof OntogenyError ? error.code : 'ONT_INTERNAL';
        // Plugins watching learn of the failure as an event: an rxjs error they did not handle would end the process
        emitToAll({ type: 'error', code, message: error instanceof Error ? error.message : String(error) });
        events.close();
        if (!stopped) subscriber.error(error);
      },
    );
    return () => {
      stopped = true;
    };
  });
}

/** One execution of a lifespan: the model's state moves through the phases; named states are kept for branches. */
class LifespanRun {
  private readonly states = new Map<string, ModelState>();
  private readonly saved = new Map<string, Map<string, Float32Array>>();
  /** The reporters that look inside the network after each step. */
  private readonly stepObservers: readonly Reporter[];
  private stepsSinceYield = 0;
  /** Events emitted so far (a progress checkpoint records it: the log is cut back to it on resume). */
  private eventCount = 0;
  /** While a resumed run replays up to its checkpoint (and before it), the events it already emitted are held back. */
  private holdEvents: boolean;
  private readonly emit: (event: LifespanEvent) => void;

  constructor(
    private readonly prepared: PreparedLifespan,
    private readonly options: RunOptions,
    emit: (event: LifespanEvent) => void,
    private readonly yieldOrStop: () => Promise<void>,
    /** Whether the subscriber has gone: its events are no longer recorded, so no checkpoint may count them. */
    private readonly stopped: () => boolean,
    private readonly reporters: readonly Reporter[],
  ) {
    this.stepObservers = reporters.filter((reporter) => reporter.observeStep !== undefined);
    this.holdEvents = Boolean(options.resume);
    this.emit = (event) => {
      if (this.holdEvents) return;
      this.eventCount++;
      emit(event);
    };
    // What plugins emit is the run's like its own events: counted, and held back while a resumed run replays
    prepared.events.open(this.emit);
  }

  async run(): Promise<void> {
    const { spec, hash, kernel } = this.prepared;
    const resume = this.options.resume ?? null;
    this.emit({ type: 'lifespan:start', name: spec.name, hash, seed: spec.seed, kernel: kernel.name, phases: spec.phases.map((p) => p.name) });
    // The network as initialised is kept only when a phase branches from it
    if (spec.phases.some((phase) => phase.from === BIRTH)) this.states.set(BIRTH, captureState(this.prepared.model));
    let previous: string | null = null;
    let task: string | null = null;
    for (const [index, phase] of spec.phases.entries()) {
      task = phase.task ?? task;
      if (resume && index < resume.cursor.phase) {
        previous = phase.name;
        continue;
      }
      if (resume && index === resume.cursor.phase) {
        // Between phases the checkpoint is the state itself; inside one, the phase replays from its start state
        if (resume.cursor.loop === null) this.restoreProgress(resume);
        else if (previous !== null) this.restoreModel(this.stateOf(previous));
      }
      const from = phase.from ?? previous;
      if (from !== null && from !== previous) this.restoreModel(this.stateOf(from));
      const midPhase = resume !== null && index === resume.cursor.phase && resume.cursor.loop !== null ? resume : null;
      // The phase's code between its skipped loops may use rewind points they would have saved (a lottery's)
      if (midPhase) this.restoreRewindPoints(midPhase);
      await this.runPhase(index, phase, from, task, midPhase);
      previous = phase.name;
    }
    if (resume && resume.cursor.phase >= spec.phases.length) this.restoreProgress(resume);
    this.emit({ type: 'lifespan:end', name: spec.name, hash });
  }

  /** The state at the end of `phase` (or at birth): kept in memory, or read back from its checkpoint by a resumed run. */
  private stateOf(phase: string): ModelState {
    const kept = this.states.get(phase);
    if (kept) return kept;
    const file = this.options.checkpointDir ? join(this.options.checkpointDir, `${phase}.ckpt`) : null;
    if (!file || !existsSync(file)) throw RUN_FAILED(phase, `its end state is needed to continue, but ${file ?? 'its checkpoint'} is missing`);
    const { state } = readCheckpoint(file);
    this.states.set(phase, state);
    return state;
  }

  private restoreModel(state: ModelState): void {
    restoreState(this.prepared.model, state, (head) => this.prepared.addHead(head));
  }

  private restoreProgress(progress: Progress): void {
    const { model, kernel } = this.prepared;
    this.restoreModel(progress.state);
    // After the model: the kernel's record is of the restored parameters
    if (progress.kernel && isCheckpointable(kernel)) kernel.loadState(parametersWithScores(model), progress.kernel);
    // The reporters' files are cut back to what they held at the checkpoint, as the event log is
    progress.reporters.forEach((state, index) => {
      const reporter = this.reporters[index];
      if (state !== null && isCheckpointable(reporter)) reporter.loadState([], state);
    });
    this.restoreRewindPoints(progress);
    this.eventCount = progress.eventCount;
    this.holdEvents = false;
  }

  private restoreRewindPoints(progress: Progress): void {
    this.saved.clear();
    for (const [label, weights] of progress.saved) this.saved.set(label, new Map(weights));
  }

  /** Writes a progress checkpoint at `cursor`, when the run has a checkpoint folder. */
  private writeProgress(cursor: ProgressCursor, plugins: ReadonlyArray<PluginState | null>, noise: RngState | null): void {
    if (!this.options.checkpointDir || this.stopped()) return;
    const { model, kernel } = this.prepared;
    writeProgress(join(this.options.checkpointDir, 'progress'), {
      cursor, eventCount: this.eventCount, state: captureState(model), saved: this.saved, plugins, noise,
      kernel: isCheckpointable(kernel) ? kernel.saveState(parametersWithScores(model)) : null,
      reporters: this.reporters.map((reporter) => isCheckpointable(reporter) ? reporter.saveState([]) : null),
    });
  }

  private async runPhase(index: number, phase: PhaseSpecBase, from: string | null, taskName: string | null, resume: Progress | null): Promise<void> {
    const { model, tasks } = this.prepared;
    const kind = this.prepared.phaseKinds.find((candidate) => candidate.kind === phase.kind)!;
    const taskData = taskName !== null ? tasks.get(taskName)! : null;
    if (taskName !== null && !model.headNames().includes(taskName)) this.prepared.addHead(taskName);
    const host: ProgressHost = {
      parameters: () => parametersWithScores(model),
      write: (cursor, plugins, noise) => this.writeProgress(cursor, plugins, noise),
      restore: (progress) => this.restoreProgress(progress),
    };
    const progress = new PhaseProgress(index, resume, this.prepared.spec.checkpointEvery ?? null, this.options.checkpointDir ? host : null);
    const context = this.context(phase, taskName, progress);
    this.emit({ type: 'phase:start', phase: phase.name, kind: phase.kind, task: taskName, from, steps: 0 });
    this.applyDisorders(phase.name, 'before', phase.before ?? [], 0);
    const outcome = await kind.run(context, phase).catch((error: unknown) => {
      if (error instanceof OntogenyError) throw error;
      throw Object.assign(RUN_FAILED(phase.name, error instanceof Error ? error.message : String(error)), { cause: error });
    });
    if (progress.replaying) throw RUN_FAILED(phase.name, 'the training loop its progress checkpoint was taken in never began on resume — the phase does not run its loops in the same order each time');
    if (outcome.steps === 0) context.observeStep(0); // a phase that trains was observed at its steps
    const lastStep = outcome.lastStep ?? outcome.steps;
    this.applyDisorders(phase.name, 'after', phase.after ?? [], lastStep);
    const evaluations = taskName !== null && taskData ? await this.evaluateSplits(taskName, taskData) : [];
    // The phase's metrics: the test split's, and `<split>:<metric>` for each further split the task evaluates
    const metrics: Record<string, number> = {};
    for (const [split, figures] of evaluations) {
      for (const [name, value] of Object.entries(figures)) metrics[split === 'test' ? name : `${split}:${name}`] = value;
    }
    const diverged = outcome.diverged || this.divergedAt(phase.name, lastStep, metrics);
    for (const [split, figures] of evaluations) {
      this.emit({ type: 'evaluate', phase: phase.name, step: lastStep, task: taskName!, split, metrics: figures });
    }
    this.emit({
      type: 'phase:end', phase: phase.name, kind: phase.kind, task: taskName, from, steps: outcome.steps, metrics,
      density: this.densities(), diverged, extra: outcome.extra ?? {},
      ...(outcome.continual ? { continual: outcome.continual } : {}),
      // Which layout each layer computed with in this phase (its training and its evaluation), when the kernel says.
      ...(this.prepared.kernel.formatReport ? { formats: this.prepared.kernel.formatReport() } : {}),
    });
    const state = captureState(model);
    this.states.set(phase.name, state);
    const file = this.options.checkpointDir ? join(this.options.checkpointDir, `${phase.name}.ckpt`) : null;
    const bytes = file ? writeCheckpoint(file, phase.name, state) : null;
    this.emit({
      type: 'checkpoint', phase: phase.name, file: file ? join('checkpoints', `${phase.name}.ckpt`) : null,
      sha256: bytes ? createHash('sha256').update(bytes).digest('hex') : null,
    });
    this.writeProgress({ phase: index + 1, loop: null, step: 0 }, [], null);
  }

  /**
   * Whether the network holds NaN or Inf at a phase's end (in a weight, or in its test loss, for activations
   * that a ReLU would otherwise hide); says so with a `diverged` event naming where.
   */
  private divergedAt(phase: string, step: number, metrics: Metrics): boolean {
    const parameter = firstNonFinite(this.prepared.model);
    const loss = metrics.loss;
    if (parameter === null && (loss === undefined || Number.isFinite(loss))) return false;
    this.emit({ type: 'diverged', phase, step, loss: loss ?? NaN, where: parameter !== null ? `weights of ${parameter}` : 'test loss' });
    return true;
  }

  /**
   * The figures at a phase's end, by split: the test split's, then each further split the task evaluates (a dev
   * split, an in-distribution test).
   */
  private async evaluateSplits(taskName: string, data: TaskData): Promise<Array<[string, Metrics]>> {
    const evaluations: Array<[string, Metrics]> = [];
    for (const [split, examples] of [['test', data.test] as const, ...Object.entries(data.evaluationSplits ?? {})]) {
      evaluations.push([split, await this.evaluateOn(taskName, data, examples)]);
    }
    return evaluations;
  }

  /** One split's figures, computed by the spec's evaluation backend. */
  private async evaluateOn(taskName: string, data: TaskData, split: Split): Promise<Metrics> {
    const { model, spec } = this.prepared;
    if (spec.evaluationBackend === 'onnxruntime') {
      // Loaded on demand: ONNX Runtime and the ONNX schema are only needed by runs that ask for them
      const { evaluateOnnx } = await import('../io/onnx/onnx-evaluate.js');
      return evaluateOnnx(model, taskName, data, split, spec.evaluationBatch);
    }
    return evaluate(model, taskName, data, split, spec.evaluationBatch);
  }

  private context(phase: PhaseSpecBase, taskName: string | null, progress: PhaseProgress): PhaseContext {
    const { model, tasks, spec, kernel } = this.prepared;
    const during = phase.during;
    const stepDisorders: StepDisorder[] = [];
    for (const use of during?.disorders ?? []) {
      const disorder = this.disorder(use, phase.name);
      if (disorder.perturbStep) stepDisorders.push({ disorder, target: this.target(use) });
    }
    const task = taskName !== null ? { name: taskName, data: tasks.get(taskName)! } : null;
    const observers = this.stepObservers;
    return {
      phase: phase.name,
      model,
      task,
      tasks,
      kernel,
      seed: spec.seed,
      logEvery: spec.logEvery,
      evaluationBatch: spec.evaluationBatch,
      rng: (...parts) => Rng.derive(spec.seed, 'phase', phase.name, ...parts),
      create: (kind, reference) => progress.track(guardPlugin(this.prepared.create(kind, reference), `${kind} "${reference.use}"`, phase.name)),
      layers: (names) => this.layers(names),
      emit: this.emit,
      yieldPoint: async (position) => {
        if (position) progress.between(position);
        if (++this.stepsSinceYield >= 8) {
          this.stepsSinceYield = 0;
          await this.yieldOrStop();
        }
      },
      startTraining: () => progress.startLoop(),
      state: (name) => this.stateOf(name),
      restore: (name) => this.restoreModel(this.stateOf(name)),
      saved: this.saved,
      observeStep: task === null || observers.length === 0 ? () => {} : (step) => {
        const moment = { phase: phase.name, step, model, task };
        for (const reporter of observers) reporter.observeStep!(moment);
      },
      during: during ? { every: during.every, apply: (step) => this.applyDisorders(phase.name, 'during', during.disorders, step) } : null,
      stepDisorders,
    };
  }

  private applyDisorders(phase: string, when: 'before' | 'after' | 'during', uses: readonly DisorderUse[], step: number): void {
    uses.forEach((use, index) => {
      const report: unknown = this.disorder(use, phase).apply(this.target(use), Rng.derive(this.prepared.spec.seed, 'disorder', phase, when, index, step));
      const { dose, detail } = (report ?? {}) as Partial<PerturbReport>;
      if (typeof dose !== 'number' || typeof detail !== 'object' || detail === null) {
        throw PLUGIN_FAILED(`disorder "${use.use}"`, phase, `apply() broke its contract: it returned ${JSON.stringify(report) ?? String(report)} — expected { dose: number, detail: object }`);
      }
      this.emit({ type: 'perturb', phase, step, disorder: use.use, when, dose, detail });
    });
  }

  private disorder(use: DisorderUse, phase: string): Disorder {
    return guardPlugin(this.prepared.create('disorder', use), `disorder "${use.use}"`, phase);
  }

  private target(use: DisorderUse): DisorderTarget {
    return { model: this.prepared.model, layers: this.layers(use.layers) };
  }

  private layers(names?: readonly string[]) {
    const all = this.prepared.model.maskedParameters();
    return names === undefined ? all : all.filter((parameter) => names.includes(layerName(parameter.name)));
  }

  /** Density of every masked weight: the body's layers and each head. */
  private densities(): Record<string, number> {
    const { model } = this.prepared;
    return densityByLayer([...model.maskedParameters(), ...model.headNames().flatMap((head) => model.headParameters(head))]
      .filter((parameter) => parameter instanceof MaskedParameter));
  }
}
