// The Fashion-MNIST MLP lifespan through the real engine (prepareLifespan / runLifespan): samples/s of each phase.
// Timed from the event stream: with logEvery 1 every training step emits a `step` event, so a phase's rate is
// (steps − 1) · batch over the time from its first step event to its last — the first step (packing, first
// allocations) and the evaluation at phase end are left out, as the peer leaves out its warm-up.
import { existsSync } from 'node:fs';
import {
  PluginRegistry, prepareLifespan, runLifespan, type LifespanEvent,
} from '@ontogeny/core';
import { builtinPlugins } from '@ontogeny/plugins';

const FASHION_DIR = '/usr/share/datasets/fashion-mnist';
export const ENGINE_BATCH = 128;

/** Engine phase names and the rows of the benchmark table (and the PyTorch peer's keys) they measure. */
export const ENGINE_PHASES = {
  pretrain: 'dense pre-training',
  'finetune-mask': 'mask fine-tuning',
  'sparse-90': 'sparse 90 % training',
  'sparse-97': 'sparse 97 % training',
} as const;
export type EnginePhase = keyof typeof ENGINE_PHASES;

const sgd = { use: 'sgd', with: { lr: 0.05, momentum: 0.9 } };
const adam = { use: 'adam', with: { lr: 0.001 } };

/**
 * LeNet-300-100 on all ten classes: dense pre-training, mask fine-tuning over the pre-trained weights, then
 * one-shot magnitude pruning to 90 % and 97 % with weight training under each fixed mask. The optimisers are
 * the ones lifespan_peer.py's `engine` mode uses.
 */
function engineSpec(steps: number): Record<string, unknown> {
  const train = { steps, batch: ENGINE_BATCH };
  const prune = (name: string, from: string, to: number) => ({
    name, kind: 'prune', from, steps: 1, schedule: { use: 'one-shot', with: { to } }, criterion: { use: 'magnitude' },
  });
  return {
    name: 'bench-lifespan',
    seed: 0,
    logEvery: 1,
    model: { use: 'mlp', with: { hidden: [300, 100] } },
    tasks: { fashion: { use: 'fashion-mnist', with: { dir: FASHION_DIR } } },
    phases: [
      { name: 'pretrain', kind: 'pretrain', task: 'fashion', ...train, optimizer: sgd },
      {
        name: 'finetune-mask', kind: 'finetune-mask', from: 'pretrain', ...train,
        learner: { use: 'threshold' }, optimizer: adam, headOptimizer: adam,
      },
      prune('prune-90', 'pretrain', 0.9),
      { name: 'sparse-90', kind: 'finetune-dense', from: 'prune-90', ...train, optimizer: sgd },
      prune('prune-97', 'pretrain', 0.97),
      { name: 'sparse-97', kind: 'finetune-dense', from: 'prune-97', ...train, optimizer: sgd },
    ],
  };
}

/** What one engine run measured: samples/s per timed phase, and the layouts the kernel reported at each phase end. */
interface EngineResult {
  readonly rates: Record<EnginePhase, number>;
  readonly formats: Record<string, unknown>;
}

/** Runs the spec on `kernel` and times each phase from its step events. */
export async function measureEngine(kernel: 'native' | 'reference', steps: number): Promise<EngineResult> {
  const prepared = await prepareLifespan({
    spec: engineSpec(steps), file: '(bench lifespan)', registry: new PluginRegistry().register('@ontogeny/plugins', ...builtinPlugins),
    kernel,
  });
  const first = new Map<string, [number, number]>();
  const last = new Map<string, [number, number]>();
  const formats: Record<string, unknown> = {};
  await new Promise<void>((resolve, reject) => {
    runLifespan(prepared).subscribe({
      next: (event: LifespanEvent) => {
        if (event.type === 'step') {
          const mark: [number, number] = [performance.now(), event.step];
          if (!first.has(event.phase)) first.set(event.phase, mark);
          last.set(event.phase, mark);
        }
        // `formats` is optional on phase:end: only kernels that report their layouts fill it.
        if (event.type === 'phase:end' && event.phase in ENGINE_PHASES && 'formats' in event) formats[event.phase] = event.formats;
      },
      error: reject,
      complete: resolve,
    });
  });
  const rates = Object.fromEntries(Object.keys(ENGINE_PHASES).map((phase) => {
    const [t0, s0] = first.get(phase)!;
    const [t1, s1] = last.get(phase)!;
    return [phase, ((s1 - s0) * ENGINE_BATCH) / ((t1 - t0) / 1000)];
  })) as Record<EnginePhase, number>;
  return { rates, formats };
}

/** Why the engine benchmark cannot run here, or null. */
export function engineUnavailable(): string | null {
  return existsSync(FASHION_DIR) ? null : `${FASHION_DIR} is absent (apt-get install dataset-fashion-mnist)`;
}
