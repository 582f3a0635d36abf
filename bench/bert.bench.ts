// `pnpm bench bert`: tokens/s of the BERT world's phases against a PyTorch copy of the same encoder, measured in turn.
// Flags: --steps N (training steps per phase at the small size; default 150), --large-steps N (at width 256;
// default 12), --rounds N (default 3), --size small|large (one size only).
// Each round runs the engine once, then the peer on 2 threads and on 1; each figure is the median of its rounds
// with the best in brackets, and the targets are judged on medians against the faster PyTorch thread count.
import { PluginRegistry, chooseKernel, nativeKernelPlugin } from '@ontogeny/core';
import { BERT_PHASES, SIZES, measureBertEngine, type BertPhase, type BertSize, type PeerPhase } from './bert-engine.js';
import { choosePeerSetup, runPeer, type PeerSetup } from './peer.js';
import { machineLoad, median, medianAndBest, table } from './timing.js';

const flag = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) || fallback : fallback;
};
const ROUNDS = flag('--rounds', 3);
const chosenSize = process.argv.includes('--size') ? process.argv[process.argv.indexOf('--size') + 1] : null;
const sizes = SIZES.filter((size) => !chosenSize || (chosenSize === 'small') === (size.width === 64));
const stepsFor = (size: BertSize) => (size.width === 64 ? flag('--steps', 150) : flag('--large-steps', 12));

type PeerRates = Record<PeerPhase, number> & { core: string };

const nativeUnavailable = nativeKernelPlugin.available();
const native = nativeUnavailable === null ? chooseKernel(new PluginRegistry(), 'native').kernel : { unavailable: nativeUnavailable };
if ('unavailable' in native) {
  console.log(`native kernel unavailable (${native.unavailable}); nothing to measure`);
  process.exit(0);
}
console.log(`native: ${native.description}`);
const setup = choosePeerSetup();
console.log(typeof setup === 'string' ? `PyTorch peer skipped: ${setup}` : setup.description);

function peer(setup: PeerSetup, size: BertSize, vocabulary: number, classes: number, threads: number): PeerRates | string {
  const steps = stepsFor(size);
  const config = { ...size, vocabulary, classes, steps, warmup: Math.max(2, Math.round(steps / 10)) };
  return runPeer<PeerRates>(setup, 'bert_peer.py', [JSON.stringify(config), String(threads)]);
}

const TARGETS: Record<BertPhase, number> = { pretrain: 1.5, 'finetune-dense': 1.5, 'finetune-mask': 1.5, 'sparse-90': 3 };
const phases = Object.keys(BERT_PHASES) as BertPhase[];

for (const size of sizes) {
  const steps = stepsFor(size);
  console.log(`\n-- ${size.label}: width ${size.width}, ${size.layers} layers, ${size.heads} heads, FFN ${size.ffn}, ` +
    `T ${size.length}, batch ${size.batch}; ${steps} steps per phase, ${ROUNDS} rounds --`);
  console.log(`before: ${machineLoad()}`);
  const ours: Array<Record<BertPhase, number>> = [];
  const two: PeerRates[] = [];
  const one: PeerRates[] = [];
  const startups: number[] = [];
  let skipped = typeof setup === 'string' ? setup : null;
  for (let round = 0; round < ROUNDS; round++) {
    const run = await measureBertEngine(size, steps);
    ours.push(run.rates);
    startups.push(run.startup);
    if (skipped || typeof setup === 'string') continue;
    const [t2, t1] = [peer(setup, size, run.vocabulary, run.classes, 2), peer(setup, size, run.vocabulary, run.classes, 1)];
    if (typeof t2 === 'string' || typeof t1 === 'string') skipped = typeof t2 === 'string' ? t2 : (t1 as string);
    else [two.push(t2), one.push(t1)];
  }
  console.log(`after: ${machineLoad()}`);
  const rows = phases.map((phase) => {
    const peerPhase = BERT_PHASES[phase];
    const mine = ours.map((round) => round[phase]);
    const [peer2, peer1] = [two.map((round) => round[peerPhase]), one.map((round) => round[peerPhase])];
    const fastest = Math.max(two.length ? median(peer2) : NaN, one.length ? median(peer1) : NaN);
    const ratio = median(mine) / fastest;
    const verdict = Number.isFinite(ratio) ? (ratio >= TARGETS[phase] ? 'met' : 'MISSED') : '';
    return [`${peerPhase}`, medianAndBest(mine), medianAndBest(peer2), medianAndBest(peer1),
      Number.isFinite(ratio) ? ratio.toFixed(2) : '—', `≥ ${TARGETS[phase]}`, verdict];
  });
  if (skipped) console.log(`PyTorch peer skipped: ${skipped}`);
  else console.log(`PyTorch ${two[0]?.core ? `on OpenBLAS core ${two[0].core}` : ''}; tokens/s, median of ${ROUNDS} rounds (best)`);
  console.log(table(['phase (tokens/s)', 'Ontogeny native', 'PyTorch 2 thr', 'PyTorch 1 thr', 'native / best PyTorch (medians)', 'target', ''], rows));
  console.log(`start-up before the first step (tasks generated, model built): median ${(median(startups) / 1000).toFixed(1)} s`);
}
