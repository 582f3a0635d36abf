// The quickstart lifespan on the native and the reference kernel: the same accuracies to the printed precision.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadAddon, type Summary } from '@ontogeny/core';
import { runCli } from '../cli/run-cli.js';

const addon = loadAddon();

/** The summary of `experiments/quickstart.json` run on one kernel. */
function summaryOn(kernel: 'native' | 'reference'): Summary {
  const out = mkdtempSync(join(tmpdir(), `ontogeny-agreement-${kernel}-`));
  const result = runCli(['run', 'experiments/quickstart.json', '--kernel', kernel, '--out', out, '--quiet']);
  assert.equal(result.status, 0, result.stderr);
  const [directory] = readdirSync(out);
  return JSON.parse(readFileSync(join(out, directory, 'summary.json'), 'utf8')) as Summary;
}

/** The progress reporter prints metrics with 4 significant digits; that is the precision the kernels must agree to. */
const printed = (value: number): string => value.toPrecision(4);

test('a lifespan gives the same accuracies (4 significant digits) on the native and the reference kernel',
  { skip: 'unavailable' in addon && addon.unavailable }, () => {
    const native = summaryOn('native');
    const reference = summaryOn('reference');
    assert.equal(native.kernel, 'native');
    assert.equal(reference.kernel, 'reference');
    assert.deepEqual(native.phases.map((p) => p.name), reference.phases.map((p) => p.name));
    for (const [i, phase] of native.phases.entries()) {
      const other = reference.phases[i];
      assert.equal(printed(phase.metrics.accuracy), printed(other.metrics.accuracy), `${phase.name}: accuracy`);
      // The summation order differs (SIMD tiles vs plain loops), so losses agree to rounding, not bit for bit;
      // a relative 1e-4 would catch a real divergence without depending on where 4 digits round.
      const loss = Math.abs(phase.metrics.loss - other.metrics.loss) / Math.max(1e-12, Math.abs(other.metrics.loss));
      assert.ok(loss < 1e-4, `${phase.name}: loss ${phase.metrics.loss} vs ${other.metrics.loss}`);
      // Masks are chosen from scores and magnitudes: a tie flipped by rounding would show as a density change.
      assert.deepEqual(phase.density, other.density, `${phase.name}: density per layer`);
      assert.equal(phase.steps, other.steps, `${phase.name}: steps`);
    }
    // The agreement covers more than the dense path: the aged network's evaluation (batch 1000, 19 % dense) runs CSR.
    const layouts = native.phases.flatMap((phase) => Object.values(phase.formats ?? {}));
    assert.ok(layouts.length > 0, 'the native kernel reports its layouts in summary.json');
    assert.ok(layouts.some((layout) => !layout.startsWith('dense')), `a sparse layout ran: ${layouts.join('; ')}`);
    assert.ok(reference.phases.every((phase) => phase.formats === undefined), 'the reference kernel reports no layouts');
  });
