// The `mlp` model: masked linear layers with ReLU between them, and one linear head per task.
// B = batch, I = input width, H = hidden width, C = classes of a head
import {
  definePlugin, errors, kaimingNormal, kaimingUniform, LINEAR_DEFAULT_GAIN, MaskedLinear, ReLU,
  type Kernel, type Layer, type MaskedParameter, type Model, type ModelInputs, type Parameter, type PassMode, type Rng, type Tensor, type OptionsOf } from '@ontogeny/core';

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
  private readonly heads = new Map<string, MaskedLinear>();
  private activeHead: MaskedLinear | null = null;

  constructor(private readonly inputs: number, private readonly options: MlpOptions, private readonly kernel: Kernel,
    rng: (...parts: Array<string | number>) => Rng) {
    let width = inputs;
    options.hidden.forEach((units, index) => {
      const layer = new MaskedLinear(`fc${index + 1}`, width, units, kernel);
      initialise(layer, options.init, rng('init', layer.name));
      this.linear.push(layer);
      this.body.push(layer, new ReLU(`relu${index + 1}`, kernel));
      width = units;
    });
  }

  private get features(): number {
    return this.options.hidden.at(-1) ?? this.inputs;
  }

  forward(inputs: Tensor /* (B,I) */, task: string, mode: PassMode): Tensor /* (B,C) */ {
    const head = this.heads.get(task);
    if (!head) throw new Error(`mlp: no head for task "${task}" — heads: ${[...this.heads.keys()].join(', ') || '(none)'}`);
    let x = inputs;
    for (const layer of this.body) x = layer.forward(x, mode);
    this.activeHead = head;
    return head.forward(x, mode);
  }

  backward(dLogits: Tensor /* (B,C) */): void {
    if (!this.activeHead) throw new Error('mlp: backward called before forward');
    let dy = this.activeHead.backward(dLogits, this.body.length > 0);
    for (let i = this.body.length - 1; i >= 0 && dy; i--) dy = this.body[i].backward(dy, i > 0);
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
  create: (options) => ({
    build: ({ input, kernel, rng }: ModelInputs) => {
      if (input.kind !== 'features') throw errors.SHAPE_MISMATCH('model mlp', 'fixed-width features', 'token sequences (use the bert model)');
      return new Mlp(input.width, options, kernel, rng);
    },
  }),
});
