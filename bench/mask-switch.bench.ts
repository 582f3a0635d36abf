// `pnpm bench mask-switch`: what switching the active task mask costs the native kernel's forward pass, against
// keeping one mask: by `useTaskMask` (each task's packed layout kept) and by setting the same bits with `setMask`
// (re-packed on every switch). Flags: --threads N.
// B = batch, I = inputs, O = outputs
import { BitMask, MaskedParameter, NativeKernel, Tensor, loadAddon } from '@ontogeny/core';
import { rng } from './random.js';
import { medianMs, table } from './timing.js';

const addonOrWhy = loadAddon();
if ('unavailable' in addonOrWhy) {
  console.log(`native kernel unavailable (${addonOrWhy.unavailable}); nothing to measure`);
  process.exit(0);
}
const threads = Number(process.argv[process.argv.indexOf('--threads') + 1]) || 2;
const kernel = new NativeKernel(addonOrWhy, { threads });

// LeNet-300-100's two body layers (O×I); densities of continual masks (≈ 0.6 after mask learning) and of aged ones
const SHAPES: ReadonlyArray<[number, number]> = [[300, 784], [100, 300]];
const DENSITIES = [0.6, 0.1, 0.03];
const BATCH = 128;
const TASKS = 2;

const rows: string[][] = [];
for (const [O, I] of SHAPES) {
  for (const density of DENSITIES) {
    const next = rng(O * 7 + I);
    const w = new MaskedParameter('w', O, I, Float32Array.from({ length: O * I }, () => next() - 0.5));
    for (let t = 0; t < TASKS; t++) w.taskMasks.set(`t${t}`, BitMask.from(O * I, () => next() < density));
    const x = new Tensor(Float32Array.from({ length: BATCH * I }, () => next()), BATCH, I);
    const y = Tensor.zeros(BATCH, O);
    w.useTaskMask('t0');
    const steady = medianMs(() => kernel.maskedForward(x, w, null, y));
    let turn = 0;
    const kept = medianMs(() => {
      w.useTaskMask(`t${++turn % TASKS}`);
      kernel.maskedForward(x, w, null, y);
    });
    const repacked = medianMs(() => {
      w.setMask(w.taskMasks.get(`t${++turn % TASKS}`)!);
      kernel.maskedForward(x, w, null, y);
    });
    rows.push([`${O}×${I}`, density.toFixed(2), steady.toFixed(3), kept.toFixed(3), repacked.toFixed(3), (kept / steady).toFixed(2), (repacked / steady).toFixed(2)]);
  }
}
console.log(`forward of a batch of ${BATCH}, native kernel, ${threads} threads: one mask, vs another task's mask before every pass`);
console.log(table(['layer O×I', 'density', 'one mask ms', 'switch, kept ms', 'switch, re-packed ms', 'kept/one', 're-packed/one'], rows));
