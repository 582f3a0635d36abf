// The Model contract: a body of layers and one classification head per task, with explicit backward.
import type { MaskedParameter } from '../../mask/masked-parameter.js';
import type { PassMode } from '../../nn/layer.js';
import type { Parameter } from '../../nn/parameter.js';
import type { Rng } from '../../tensor/rng.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { TaskInput } from './task.js';

/**
 * A network whose body is shared across tasks and whose heads are one per task. Parameter names are stable
 * (`fc1.weight`, `head:target.bias`): checkpoints, branches and ONNX export find values by name.
 */
export interface Model {
  /** Logits (B × classes) of `task`'s head for a batch of B inputs. */
  forward(inputs: Tensor, task: string, mode: PassMode): Tensor;
  /** Backpropagates dL/dlogits through the head used by the last forward and the body. */
  backward(dLogits: Tensor): void;
  /** Adds a fresh head for `task` (`kind` is the task's head kind, 'classify' unless the task says otherwise). */
  addHead(task: string, classes: number, kind: string, rng: Rng): void;
  removeHead(task: string): void;
  headNames(): string[];
  /** The prunable weight matrices of the body, the ones masks are learned over, in forward order. */
  maskedParameters(): MaskedParameter[];
  bodyParameters(): Parameter[];
  headParameters(task: string): Parameter[];
  /** A description of the architecture for the summary, e.g. { layers: [784, 300, 100] }. */
  describe(): Record<string, unknown>;
}

/** What a model plugin needs to build a network: the input it will see and its random streams (the kernel it injects). */
export interface ModelInputs {
  readonly input: TaskInput;
  /** The stream for one purpose, e.g. rng('init', 'fc1'). */
  rng(...parts: Array<string | number>): Rng;
}

/** What a model plugin's `create` returns: a builder called once the tasks are loaded. */
export interface ModelBuilder {
  build(inputs: ModelInputs): Model;
}
