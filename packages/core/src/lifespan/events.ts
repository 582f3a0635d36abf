// The lifespan's event stream: one discriminated union, plain JSON so events cross threads and processes.
import type { ContinualResult } from './phases/continual-result.js';

export type Metrics = Readonly<Record<string, number>>;
export type Densities = Readonly<Record<string, number>>;

export type LifespanEvent =
  | { type: 'lifespan:start'; name: string; hash: string; seed: number; kernel: string; phases: string[] }
  | { type: 'phase:start'; phase: string; kind: string; task: string | null; from: string | null; steps: number }
  | { type: 'step'; phase: string; step: number; steps: number; loss: number; lr: number }
  /** `split`: 'test', 'train', or a further split the task evaluates (e.g. 'dev'). */
  | { type: 'evaluate'; phase: string; step: number; task: string; split: string; metrics: Metrics }
  /** `scheduleStep`: in a `prune` phase, the event's step on its schedule's clock (the phase's `steps` long); `step` is on the phase's axis. */
  | { type: 'prune'; phase: string; step: number; target: number; removed: number; density: Densities; scheduleStep?: number }
  | { type: 'regrow'; phase: string; step: number; layer: string; count: number }
  | { type: 'perturb'; phase: string; step: number; disorder: string; when: 'before' | 'after' | 'during'; dose: number; detail: Readonly<Record<string, number | string>> }
  | { type: 'checkpoint'; phase: string; file: string | null; sha256: string | null }
  | { type: 'diverged'; phase: string; step: number; loss: number; where?: string }
  | { type: 'phase:end'; phase: string; kind: string; task: string | null; from: string | null; steps: number; metrics: Metrics; density: Densities; diverged: boolean; extra: Metrics; formats?: Readonly<Record<string, string>>; continual?: ContinualResult }
  | { type: 'lifespan:end'; name: string; hash: string }
  | { type: 'error'; code: string; message: string };

export type LifespanEventType = LifespanEvent['type'];
