// The BERT world's phases through the real engine (prepareLifespan / runLifespan): tokens/s of each phase.
// Timed from the event stream like the MLP's engine benchmark (lifespan-engine.ts): with logEvery 1 every training
// step emits a `step` event, and a phase's rate is (steps − 1)·batch·T over the time from its first step event to
// its last, leaving out the first step (packing, allocations) and the evaluation at phase end.
import { PluginRegistry, prepareLifespan, runLifespan, type LifespanEvent } from '@ontogeny/core';
import { builtinPlugins } from '@ontogeny/plugins';

/** An encoder size of the benchmark: the model's options, the sequence length and the batch. */
export interface BertSize {
  readonly label: string;
  readonly width: number;
  readonly layers: number;
  readonly heads: number;
  readonly ffn: number;
  readonly length: number;
  readonly batch: number;
}

export const SIZES: readonly BertSize[] = [
  { label: 'small', width: 64, layers: 2, heads: 4, ffn: 128, length: 24, batch: 32 },
  { label: 'width 256', width: 256, layers: 4, heads: 4, ffn: 1024, length: 64, batch: 32 },
];

/** Engine phase names and the rows (and the PyTorch peer's keys) they measure. */
export const BERT_PHASES = {
  pretrain: 'mlm pre-training',
  'finetune-dense': 'dense fine-tuning',
  'finetune-mask': 'mask fine-tuning',
  'sparse-90': 'pruned 90 %',
} as const;
export type BertPhase = keyof typeof BERT_PHASES;
export type PeerPhase = (typeof BERT_PHASES)[BertPhase];

const adam = (lr: number) => ({ use: 'adam', with: { lr } });

/**
 * MLM pre-training, then from it: dense fine-tuning of the sentiment classifier, mask fine-tuning (threshold
 * learner) over the frozen pre-trained weights, and one-shot magnitude pruning of every masked matrix to 90 %
 * followed by dense fine-tuning under that mask. The optimisers are bert_peer.py's. Small splits: the phases run
 * a fixed number of steps, and evaluation is not timed.
 */
export function bertSpec(size: BertSize, steps: number): Record<string, unknown> {
  const train = { steps, batch: size.batch };
  const data = { length: size.length, train: Math.max(4 * size.batch, 512), dev: size.batch, test: size.batch };
  return {
    name: `bench-bert-${size.width}`,
    seed: 0,
    logEvery: 1,
    model: { use: 'bert', with: { width: size.width, layers: size.layers, heads: size.heads, ffnWidth: size.ffn, maxLength: size.length } },
    tasks: { mlm: { use: 'language-mlm', with: data }, sentiment: { use: 'language-sentiment', with: data } },
    phases: [
      { name: 'pretrain', kind: 'pretrain', task: 'mlm', ...train, optimizer: adam(2e-3) },
      { name: 'finetune-dense', kind: 'finetune-dense', task: 'sentiment', from: 'pretrain', ...train, optimizer: adam(3e-4) },
      {
        name: 'finetune-mask', kind: 'finetune-mask', task: 'sentiment', from: 'pretrain', ...train,
        learner: { use: 'threshold' }, optimizer: adam(3e-4), headOptimizer: adam(1e-3),
      },
      { name: 'prune-90', kind: 'prune', task: 'sentiment', from: 'pretrain', steps: 1, schedule: { use: 'one-shot', with: { to: 0.9 } }, criterion: { use: 'magnitude' } },
      { name: 'sparse-90', kind: 'finetune-dense', task: 'sentiment', from: 'prune-90', ...train, optimizer: adam(3e-4) },
    ],
  };
}

/** One engine run: tokens/s per timed phase, the vocabulary and classes (for the peer), and the start-up time. */
export interface BertEngineResult {
  readonly rates: Record<BertPhase, number>;
  readonly vocabulary: number;
  readonly classes: number;
  /** Milliseconds from the start of the run to the first training step (tasks generated, model built). */
  readonly startup: number;
}

/** Runs the spec on the native kernel and times each phase from its step events. */
export async function measureBertEngine(size: BertSize, steps: number): Promise<BertEngineResult> {
  const start = performance.now();
  const prepared = await prepareLifespan({
    spec: bertSpec(size, steps), file: '(bench bert)', registry: new PluginRegistry().register('@ontogeny/plugins', ...builtinPlugins),
    kernel: 'native',
  });
  const first = new Map<string, [number, number]>();
  const last = new Map<string, [number, number]>();
  await new Promise<void>((resolve, reject) => {
    runLifespan(prepared).subscribe({
      next: (event: LifespanEvent) => {
        if (event.type !== 'step') return;
        const mark: [number, number] = [performance.now(), event.step];
        if (!first.has(event.phase)) first.set(event.phase, mark);
        last.set(event.phase, mark);
      },
      error: reject,
      complete: resolve,
    });
  });
  const tokens = size.batch * size.length;
  const rates = Object.fromEntries(Object.keys(BERT_PHASES).map((phase) => {
    const [t0, s0] = first.get(phase)!;
    const [t1, s1] = last.get(phase)!;
    return [phase, ((s1 - s0) * tokens) / ((t1 - t0) / 1000)];
  })) as Record<BertPhase, number>;
  return {
    rates, vocabulary: prepared.tasks.get('mlm')!.classes, classes: prepared.tasks.get('sentiment')!.classes,
    startup: first.get('pretrain')![0] - start,
  };
}
