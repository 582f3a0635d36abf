// The `mlp` model: masked linear layers with ReLU between them, and one linear head per task.
// B = batch, I = input width, H = hidden width, C = classes of a head
import {
  definePlugin, errors, kaimingNormal, kaimingUniform, LINEAR_DEFAULT_GAIN, MaskedLinear, ReLU, Workspace,
  type ActivationLayout, type Kernel, type Layer, type MaskedParameter, type Model, type ModelInputs, type OptionsOf, type Parameter, type PassMode,
  type Rng, type Tensor,
} from '@ontogeny/core';

type Initialisation = 'pytorch' | 'kaiming-uniform' | 'kaiming-normal';

const mlpOptions = {
  type: 'object',
  additionalProperties: false,
  properties: {
    hidden: {
      type: 'array', items: { type: 'integer', minimum: 1 }, default: [300, 100],
      description: 'Widths of the hidden layers, in order (LeNet-300-100 by default).',
    },
    init: {
      enum: ['pytorch', 'kaiming-uniform', 'kaiming-normal'], default: 'pytorch',
      description: "Initialisation: PyTorch's Linear default (kaiming-uniform with a = √5, uniform bias), or He's with zero bias.",
    },
  },
} as const;

export type MlpOptions = OptionsOf<typeof mlpOptions>;

/** Fills a linear layer's weights and bias by the chosen scheme, from one named stream. */
function initialise(layer: MaskedLinear, scheme: Initialisation, rng: Rng): void {
  const fanIn = layer.weight.cols;
  if (scheme === 'kaiming-normal') kaimingNormal(layer.weight.values, fanIn, rng);
  else kaimingUniform(layer.weight.values, fanIn, rng, scheme === 'pytorch' ? LINEAR_DEFAULT_GAIN : Math.SQRT2);
  const bound = scheme === 'pytorch' ? 1 / Math.sqrt(fanIn) : 0;
  for (let i = 0; i < layer.bias.size; i++) layer.bias.values[i] = bound === 0 ? 0 : rng.between(-bound, bound);
  layer.weight.touch();
  layer.bias.touch();
}

export class Mlp implements Model {
  private readonly body: Layer[] = [];
  private readonly linear: MaskedLinear[] = [];
  private readonly relus: ReLU[] = [];
  /** The layout of the hidden activations in the last forward pass (its backward pass follows it). */
  private layout: ActivationLayout = 'batch-major';
  private readonly inputsT = new Workspace();
  private readonly featuresOut = new Workspace();
  private readonly featureGradsT = new Workspace();
  private readonly heads = new Map<string, MaskedLinear>();
  private activeHead: MaskedLinear | null = null;

  constructor(private readonly inputs: number, private readonly options: MlpOptions, private readonly kernel: Kernel,
    rng: (...parts: Array<string | number>) => Rng) {
    let width = inputs;
    options.hidden.forEach((units, index) => {
      const layer = new MaskedLinear(`fc${index + 1}`, width, units, kernel);
      initialise(layer, options.init, rng('init', layer.name));
      const relu = new ReLU(`relu${index + 1}`, kernel);
      this.linear.push(layer);
      this.relus.push(relu);
      this.body.push(layer, relu);
      width = units;
    });
  }

  private get features(): number {
    return this.options.hidden.at(-1) ?? this.inputs;
  }

  forward(inputs: Tensor /* (B,I) */, task: string, mode: PassMode): Tensor /* (B,C) */ {
    const head = this.heads.get(task);
    if (!head) throw new Error(`mlp: no head for task "${task}" — heads: ${[...this.heads.keys()].join(', ') || '(none)'}`);
    this.layout = this.chooseLayout(inputs.rows, mode);
    let x = inputs;
    if (this.layout === 'feature-major') {
      // Transposed once on the way in and once before the head; between them every hidden layer's product
      // reads and writes the layout the sparse product computes in (ReLU is the same entry by entry either way).
      x = this.transposed(inputs, this.inputsT);
      this.linear.forEach((layer, index) => {
        x = this.relus[index].forward(layer.forwardFeatureMajor(x, mode), mode);
      });
      x = this.transposed(x, this.featuresOut);
    } else {
      for (const layer of this.body) x = layer.forward(x, mode);
    }
    this.activeHead = head;
    return head.forward(x, mode);
  }

  backward(dLogits: Tensor /* (B,C) */): void {
    if (!this.activeHead) throw new Error('mlp: backward called before forward');
    let dy = this.activeHead.backward(dLogits, this.body.length > 0);
    if (this.layout === 'feature-major' && dy) {
      dy = this.transposed(dy, this.featureGradsT);
      for (let index = this.linear.length - 1; index >= 0 && dy; index--) {
        const dReluT = this.relus[index].backward(dy, true);
        dy = dReluT && this.linear[index].backwardFeatureMajor(dReluT, index > 0);
      }
      return;
    }
    for (let i = this.body.length - 1; i >= 0 && dy; i--) dy = this.body[i].backward(dy, i > 0);
  }

  /** The kernel's choice for the hidden layers, batch-major where it has no choice to make or a layer cannot. */
  private chooseLayout(batch: number, mode: PassMode): ActivationLayout {
    const kernel = this.kernel;
    if (!kernel.activationLayout || !kernel.transpose || this.linear.length === 0) return 'batch-major';
    if (!this.linear.every((layer) => layer.featureMajorReady(mode))) return 'batch-major';
    return kernel.activationLayout(this.linear.map((layer) => layer.weight), batch, this.inputs);
  }

  /** t's transpose, in a reused buffer; only called in the feature-major layout, whose kernel has `transpose`. */
  private transposed(t: Tensor, workspace: Workspace): Tensor {
    const out = workspace.tensor(t.cols, t.rows);
    this.kernel.transpose?.(t.data, t.rows, t.cols, out.data);
    return out;
  }

  addHead(task: string, classes: number, kind: string, rng: Rng): void {
    if (kind !== 'classify') throw new Error(`mlp: cannot make a "${kind}" head for task "${task}" — only "classify"`);
    const head = new MaskedLinear(`head:${task}`, this.features, classes, this.kernel);
    initialise(head, this.options.init, rng);
    this.heads.set(task, head);
  }

  removeHead(task: string): void {
    this.heads.delete(task);
  }

  headNames(): string[] {
    return [...this.heads.keys()];
  }

  maskedParameters(): MaskedParameter[] {
    return this.linear.map((layer) => layer.weight);
  }

  bodyParameters(): Parameter[] {
    return this.linear.flatMap((layer) => layer.parameters());
  }

  headParameters(task: string): Parameter[] {
    return this.heads.get(task)?.parameters() ?? [];
  }

  describe(): Record<string, unknown> {
    return { type: 'mlp', layers: [this.inputs, ...this.options.hidden], init: this.options.init };
  }
}

export const mlpPlugin = definePlugin({
  kind: 'model',
  name: 'mlp',
  version: '1.0.0',
  core: '^0.1.0',
  source: 'The multilayer perceptron of Han et al. 2015 and Frankle & Carbin 2019 (LeNet-300-100)',
  description: 'Fully connected network: masked linear layers with ReLU, and a linear head per task.',
  options: mlpOptions,
  inject: ['kernel'],
  create: (options, { kernel }) => ({
    build: ({ input, rng }: ModelInputs) => {
      if (input.kind !== 'features') throw errors.SHAPE_MISMATCH('model mlp', 'fixed-width features', 'token sequences (use the bert model)');
      return new Mlp(input.width, options, kernel, rng);
    },
  }),
});
