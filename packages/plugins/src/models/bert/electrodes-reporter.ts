// The `electrodes` reporter: during a run, records a BERT's activations and attention maps on fixed test sequences.
import { definePlugin, Tensor, type Checkpointable, type OptionsOf, type Parameter, type PluginState, type Reporter, type StepMoment } from '@ontogeny/core';
import { BertModel } from './bert-model.js';
import { ElectrodeRecorder } from './electrodes.js';

const electrodesOptions = {
  type: 'object',
  additionalProperties: false,
  properties: {
    layers: { type: 'array', items: { type: 'integer', minimum: 0 }, uniqueItems: true, description: 'Encoder layers to record (all by default).' },
    steps: { type: 'array', items: { type: 'integer', minimum: 0 }, uniqueItems: true, description: 'Steps of a phase at which to record (0 = a phase that does not train, at its end).' },
    every: { type: 'integer', minimum: 1, default: 100, description: 'Record every this many steps, when steps is not given.' },
    sequences: { type: 'integer', minimum: 1, default: 4, description: 'How many test sequences (the first ones) to record.' },
    record: {
      type: 'array', items: { enum: ['activations', 'attention'] }, uniqueItems: true, minItems: 1, default: ['activations', 'attention'],
      description: 'What to record per layer: block outputs, attention probabilities, or both.',
    },
    phases: { type: 'array', items: { type: 'string' }, minItems: 1, description: 'Phases to record in (all by default).' },
  },
} as const;

/** The recorder's options (with `every` 100 by default, not 1), and the phases to record in (all by default). */
type ElectrodesOptions = OptionsOf<typeof electrodesOptions>;

/**
 * Probes the network at the selected steps with the first `sequences` examples of the task's test split — the
 * same sentences every time, so recordings compare across steps and phases — and appends what each chosen
 * encoder layer produced to electrodes.bin / electrodes.json in the run directory (docs/electrodes.md).
 */
class ElectrodesReporter implements Reporter, Checkpointable {
  private recorder: ElectrodeRecorder | null = null;

  constructor(private readonly options: ElectrodesOptions) {}

  attach(runDirectory: string | null): void {
    // A run kept in memory has nowhere to write; the electrodes stay silent
    if (runDirectory) this.recorder = new ElectrodeRecorder(runDirectory, this.options);
  }

  observeStep({ phase, step, model, task }: StepMoment): void {
    const recorder = this.recorder;
    if (!recorder || !recorder.wants(step) || (this.options.phases && !this.options.phases.includes(phase))) return;
    if (!(model instanceof BertModel) || task.data.input.kind !== 'tokens') return;
    const length = task.data.input.length;
    const count = Math.min(this.options.sequences ?? 4, task.data.test.count);
    const tokens = new Tensor(task.data.test.inputs.slice(0, count * length), count, length);
    model.forward(tokens, task.name, { training: false });
    const probe = model.probe();
    if (probe) recorder.record(probe, tokens, step, phase);
  }

  /** How many records were written: a resumed run records those after them again. */
  saveState(): PluginState {
    return { records: this.recorder?.recordCount ?? 0 };
  }

  loadState(_parameters: readonly Parameter[], state: PluginState): void {
    this.recorder?.keepFirst(Number(state.records));
  }
}

export const electrodesPlugin = definePlugin({
  kind: 'reporter',
  name: 'electrodes',
  version: '0.1.0',
  core: '^0.1.0',
  source: 'BERTology probing (Clark et al. 2019, "What does BERT look at?"; Rogers et al. 2020)',
  description: "Records a BERT's activations and attention maps on fixed test sentences at chosen steps into the run directory.",
  options: electrodesOptions,
  create: (options) => new ElectrodesReporter(options),
});
