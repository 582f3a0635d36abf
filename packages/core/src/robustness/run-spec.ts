// Runs a lifespan spec to its end in memory, for library users and tests: no run directory, every event kept.
import { lastValueFrom, toArray } from 'rxjs';
import type { KernelReference } from '../kernel/choose-kernel.js';
import type { LifespanEvent } from '../lifespan/events.js';
import { prepareLifespan } from '../lifespan/prepare.js';
import { runLifespan } from '../lifespan/runner.js';
import type { PluginRegistry } from '../plugin/registry.js';

type PhaseEnd = Extract<LifespanEvent, { type: 'phase:end' }>;

/** What a finished lifespan showed: every phase's final figures, by phase name. */
export class LifespanResult {
  readonly phases: ReadonlyMap<string, PhaseEnd>;

  constructor(readonly events: readonly LifespanEvent[]) {
    this.phases = new Map(events.filter((e): e is PhaseEnd => e.type === 'phase:end').map((e) => [e.phase, e]));
  }

  /** The final test metric `metric` (accuracy by default) of phase `name`. */
  metric(name: string, metric = 'accuracy'): number {
    const phase = this.phases.get(name);
    if (!phase) throw new Error(`no phase named "${name}" ended — phases: ${[...this.phases.keys()].join(', ')}`);
    return phase.metrics[metric];
  }
}

export interface RunSpecOptions {
  /**
   * The kernel instead of the spec's `kernel` (as `--kernel`, part of the resolved spec): e.g. 'reference', so a
   * result reads the same on every machine. By default the spec's, whose `auto` says on stderr when it falls back.
   */
  readonly kernel?: KernelReference;
  /** The file the spec came from: its folder resolves the spec's relative paths, and messages name it. */
  readonly file?: string;
  /** Where tasks look for their data files (as `--data`); null for each task's own default. */
  readonly dataDir?: string | null;
}

/**
 * Runs `spec` to its end in memory (no run directory) and returns what it showed.
 *
 * @example
 * const result = await runSpec(JSON.parse(readFileSync('lifespan.json', 'utf8')), builtinRegistry(), { file: 'lifespan.json' });
 * console.log(result.metric('aging'));
 */
export async function runSpec(spec: unknown, registry: PluginRegistry, options: RunSpecOptions = {}): Promise<LifespanResult> {
  const prepared = await prepareLifespan({
    spec, file: options.file ?? '(in memory)', registry,
    kernel: options.kernel, dataDir: options.dataDir ?? null,
  });
  if (prepared.kernelNotice) process.stderr.write(`note: ${prepared.kernelNotice}\n`);
  return new LifespanResult(await lastValueFrom(runLifespan(prepared).pipe(toArray())));
}
