// Claim 8 on Fashion-MNIST: masks learned over quantized frozen weights are flat down to 3–4 bits, then fall at 2 bits.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { runSpec } from '@ontogeny/core';
import { loadRegistry } from '@ontogeny/cli';

const dataset = '/usr/share/datasets/fashion-mnist';

test('quantization dose-response: flat to moderate bit widths, then a fall', { skip: !existsSync(dataset) && `${dataset} is absent (bash scripts/install.sh installs it)` }, async () => {
  const spec = JSON.parse(readFileSync(new URL('../../experiments/quantization-dose.json', import.meta.url), 'utf8'));
  const result = await runSpec(spec, await loadRegistry());
  const full = result.metric('mask-fp32');
  const at = (bits: number) => result.metric(`mask-${bits}bit`);
  console.log(`# quantization dose: fp32 ${full}, ${[8, 4, 3, 2, 1].map((bits) => `${bits} bit ${at(bits)}`).join(', ')}`);
  for (const bits of [8, 4, 3]) assert.ok(Math.abs(at(bits) - full) <= 0.01, `${bits} bits: ${at(bits)} vs ${full}`);
  assert.ok(at(2) < Math.min(at(8), at(4), at(3)) - 0.01, `2 bits fall: ${at(2)}`);
  const perturb = result.events.filter((event) => event.type === 'perturb');
  assert.deepEqual(perturb.map((event) => event.type === 'perturb' && event.dose), [8, 4, 3, 2, 1], 'each dose is reported');
});
