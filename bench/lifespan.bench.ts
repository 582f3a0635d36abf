// `pnpm bench lifespan`: samples/s of the Fashion-MNIST MLP's lifespan phases against PyTorch, measured in one run.
// Two views: the real engine (prepareLifespan / runLifespan on Fashion-MNIST, every phase's own optimiser and
// data loading) and the layer level (core's layers in a bare SGD loop: the kernel's share of a step).
// Flags: --steps N (default 300 per phase: at 100, a phase lasted 0.1–0.2 s and one slow stretch of the shared
// machine moved its figure by a third), --rounds N (default 3), --layers-only, --engine-only.
// The two vCPUs' speed drifts over seconds, for both sides: each side is measured in turn, round after round, and
// each phase's figure is the median of its rounds with the best in brackets; ratios and targets use the medians.
import { PluginRegistry, ReferenceKernel, chooseKernel, nativeKernelPlugin, type Kernel } from '@ontogeny/core';
import { ENGINE_BATCH, ENGINE_PHASES, engineUnavailable, measureEngine, type EnginePhase } from './lifespan-engine.js';
import { PHASES, measureLayers, type Phase } from './lifespan-layers.js';
import { choosePeerSetup, runPeer } from './peer.js';
import { machineLoad, median, medianAndBest, table } from './timing.js';

const STEPS = Number(process.argv[process.argv.indexOf('--steps') + 1]) || 300;
const ROUNDS = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 3;
const ENGINE = !process.argv.includes('--layers-only');
const LAYERS = !process.argv.includes('--engine-only');

type PeerRates = Record<Phase, number> & { core: string };

const setup = choosePeerSetup();
console.log(typeof setup === 'string' ? `PyTorch peer skipped: ${setup}` : setup.description);

/** PyTorch's samples/s per phase, or why the peer was skipped. */
function pytorch(threads: number, mode: 'layers' | 'engine'): PeerRates | string {
  if (typeof setup === 'string') return setup;
  return runPeer<PeerRates>(setup, 'lifespan_peer.py', [String(STEPS), String(threads), mode]);
}

/** Per phase, the rates of every round. */
function byPhase<K extends string>(rounds: ReadonlyArray<Record<K, number>>, keys: readonly K[]): Record<K, number[]> {
  return Object.fromEntries(keys.map((key) => [key, rounds.map((round) => round[key])])) as Record<K, number[]>;
}

/** Runs `ours` and the peer on 2 and 1 threads in turn, ROUNDS times (a skipped peer is tried once); ours per round. */
async function measureRounds<T>(mode: 'layers' | 'engine', ours: () => Promise<T> | T) {
  console.log(`before: ${machineLoad()}`);
  const mine: T[] = [], two: PeerRates[] = [], one: PeerRates[] = [];
  let skipped: string | null = null;
  for (let round = 0; round < ROUNDS; round++) {
    mine.push(await ours());
    if (skipped) continue;
    const [t2, t1] = [pytorch(2, mode), pytorch(1, mode)];
    if (typeof t2 === 'string' || typeof t1 === 'string') skipped = typeof t2 === 'string' ? t2 : (t1 as string);
    else [two.push(t2), one.push(t1)];
  }
  console.log(`after: ${machineLoad()}`);
  return { ours: mine, peer: peerColumns(skipped, byPhase(two, PHASES), byPhase(one, PHASES), two[0]?.core) };
}

/**
 * The issue asks for PyTorch on 2 threads; 1 is measured too because OpenBLAS's 2 threads collapse when another
 * process holds one of the two vCPUs, and the ratio should not profit from that. Ratios use the faster median.
 */
function peerColumns(skipped: string | null, two: Record<Phase, number[]>, one: Record<Phase, number[]>, core: string | undefined):
  { rates: (phase: Phase) => [string, string, number]; note: string } {
  const note = skipped ? `PyTorch peer skipped: ${skipped}` :
    `PyTorch (masked-dense: W ⊙ M every step) on OpenBLAS core ${core}, 2 threads and 1 thread; median of ${ROUNDS} rounds (best) for each side`;
  return {
    note,
    rates: (phase) => {
      if (skipped) return ['—', '—', NaN];
      return [medianAndBest(two[phase]), medianAndBest(one[phase]), Math.max(median(two[phase]), median(one[phase]))];
    },
  };
}

const ratio = (ours: number | undefined, theirs: number) =>
  ours !== undefined && Number.isFinite(theirs) && theirs > 0 ? (ours / theirs).toFixed(2) : '—';
// Issue 17's targets against the best PyTorch peer: 1.5× in every phase, 10× at 97 % sparsity.
const target = (phase: Phase) => `≥ ${phase.includes('97') ? 10 : 1.5}`;

const nativeUnavailable = nativeKernelPlugin.available();
const native = nativeUnavailable === null ? chooseKernel(new PluginRegistry(), 'native').kernel : { unavailable: nativeUnavailable };
if ('unavailable' in native) console.log(`native kernel skipped: ${native.unavailable}`);

if (ENGINE) {
  console.log(`\n-- engine: Fashion-MNIST MLP 784-300-100-10 lifespan through runLifespan, batch ${ENGINE_BATCH}, ${STEPS} steps per phase --`);
  const why = engineUnavailable() ?? ('unavailable' in native ? native.unavailable : null);
  if (why) console.log(`skipped: ${why}`);
  else {
    const { ours: runs, peer } = await measureRounds('engine', () => measureEngine('native', STEPS));
    const rates = byPhase(runs.map((run) => run.rates), Object.keys(ENGINE_PHASES) as EnginePhase[]);
    const formats = runs[runs.length - 1].formats;
    console.log(peer.note);
    const rows = (Object.keys(ENGINE_PHASES) as EnginePhase[]).map((name) => {
      const phase = ENGINE_PHASES[name];
      const [t2, t1, best] = peer.rates(phase);
      return [`${name} (${phase})`, medianAndBest(rates[name]), t2, t1, ratio(median(rates[name]), best), target(phase)];
    });
    console.log(table(['phase (samples/s)', 'native', 'PyTorch 2 thr', 'PyTorch 1 thr', 'native / best PyTorch', 'target'], rows));
    console.log('layouts per phase (phase:end formats):');
    for (const [phase, report] of Object.entries(formats)) console.log(`  ${phase}: ${JSON.stringify(report)}`);
  }
}

if (LAYERS) {
  console.log(`\n-- layer level: MLP 784-300-100-10, batch 128, ${STEPS} SGD steps per phase, one random batch --`);
  const layerRates = (kernel: Kernel, steps: number) =>
    Object.fromEntries(PHASES.map((phase) => [phase, measureLayers(kernel, phase, steps)])) as Record<Phase, number>;
  const { ours: rounds, peer } = await measureRounds('layers', () => ('unavailable' in native ? null : layerRates(native, STEPS)));
  // The reference kernel (about 3 000 samples/s) runs once, over fewer steps: it is there for scale, not a target.
  const referenceSteps = Math.min(STEPS, 30);
  const reference = byPhase([layerRates(new ReferenceKernel(), referenceSteps)], PHASES);
  const results: Array<[string, Record<Phase, number[]>]> = [[`reference (${referenceSteps} steps)`, reference]];
  const nativeRow = rounds.every((round) => round !== null) ? byPhase(rounds as Array<Record<Phase, number>>, PHASES) : undefined;
  if (nativeRow) results.unshift(['native', nativeRow]);
  console.log(peer.note);
  const rows = PHASES.map((phase) => {
    const [t2, t1, fastest] = peer.rates(phase);
    const ours = nativeRow ? median(nativeRow[phase]) : undefined;
    return [phase, ...results.map(([, rates]) => medianAndBest(rates[phase])), t2, t1, ratio(ours, fastest), target(phase)];
  });
  console.log(table(['phase (samples/s)', ...results.map(([name]) => name), 'PyTorch 2 thr', 'PyTorch 1 thr', 'native / best PyTorch', 'target'], rows));
}
